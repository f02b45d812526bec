import type { WorkflowIR } from '../../ir/schema.js';
import { CliError, EXIT_FAILURE } from '../errors.js';
import { requireFile } from '../files/collect-files.js';
import { displayPath } from '../output/display-path.js';
import { writeDiagnostics } from '../output/write-diagnostics.js';
import { checkWorkflow, hasErrors, type WorkflowCheck } from './check-workflow.js';
import { coordCommand } from '../invocation.js';

/**
 * For commands that need a workflow without errors (compile, graph, run): checks it, prints
 * its findings to stderr, and refuses (exit 1) when any is an error. Warnings do not block.
 */
export async function requireValidWorkflow(command: string, input: string): Promise<WorkflowCheck & { ir: WorkflowIR }> {
  const file = await requireFile(input);
  const check = await checkWorkflow(file, input);
  await writeDiagnostics(check.diagnostics);
  if (!hasErrors(check.diagnostics) && !check.ir) {
    throw new CliError(
      `${displayPath(file)} declares no workflow; nothing to ${command}`,
      'it is a library of policies and agents: import it from a file that declares `workflow <name> { ... }`',
      EXIT_FAILURE,
    );
  }
  if (hasErrors(check.diagnostics) || !check.ir) {
    throw new CliError(`${displayPath(file)} has errors; nothing to ${command}`, `fix them, then run '${coordCommand()} ${command}' again ('${coordCommand()} lint ${input}' lists them)`, EXIT_FAILURE);
  }
  return { ...check, ir: check.ir };
}
