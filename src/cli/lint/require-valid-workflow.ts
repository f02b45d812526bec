import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowCheck } from '../../api/check-workflow.js';
import type { WorkflowIR } from '../../ir/schema.js';
import { CliError, EXIT_FAILURE } from '../errors.js';
import { requireFile } from '../files/collect-files.js';
import { displayPath } from '../output/display-path.js';
import { writeDiagnostics } from '../output/write-diagnostics.js';
import { coordCommand } from '../invocation.js';
import { usableSnapshot } from '../start-snapshot.js';
import { checkInSnapshot } from './check-in-snapshot.js';

/**
 * For commands that need a workflow without errors (compile, graph, run): checks it, prints
 * its findings to stderr, and refuses (exit 1) when any is an error. Warnings do not block.
 */
export async function requireValidWorkflow(command: string, input: string): Promise<ValidWorkflow> {
  return (await beginValidWorkflow(command, input))();
}

type ValidWorkflow = WorkflowCheck & { ir: WorkflowIR };

/**
 * requireValidWorkflow in two steps, for a command with other things to load meanwhile: resolves
 * once the check is under way, to the function that awaits it, prints its findings and refuses.
 */
export async function beginValidWorkflow(command: string, input: string): Promise<() => Promise<ValidWorkflow>> {
  const file = await requireFile(input);
  // From the CLI's bundle, the start-up snapshot beside it checks the file in another process
  // (check-in-snapshot.ts); otherwise, or if it gives no answer, the language is loaded here.
  const blob = usableSnapshot(path.dirname(fileURLToPath(import.meta.url)));
  const elsewhere = blob ? checkInSnapshot(blob, file, input) : undefined;
  elsewhere?.catch(() => undefined);
  return async () => {
    const check = (elsewhere && (await elsewhere)) || (await checkHere(file, input));
    await writeDiagnostics(check.diagnostics);
    const errors = check.diagnostics.some((d) => d.severity === 'error');
    if (!errors && !check.ir) {
      throw new CliError(
        `${displayPath(file)} declares no workflow; nothing to ${command}`,
        'it is a library of policies and agents: import it from a file that declares `workflow <name> { ... }`',
        EXIT_FAILURE,
      );
    }
    if (errors || !check.ir) {
      throw new CliError(`${displayPath(file)} has errors; nothing to ${command}`, `fix them, then run '${coordCommand()} ${command}' again ('${coordCommand()} lint ${input}' lists them)`, EXIT_FAILURE);
    }
    return { ...check, ir: check.ir };
  };
}

async function checkHere(file: string, shown: string): Promise<WorkflowCheck> {
  const { checkWorkflow } = await import('./check-workflow.js');
  return checkWorkflow(file, shown);
}
