import { CliError } from '../errors.js';
import { displayPath } from '../output/display-path.js';
import { checkWorkflow, type WorkflowCheck } from './check-workflow.js';

/**
 * One linted file as the reports show it: its findings and budget bound, with the workflow's
 * budget in place of its IR, which a lint of many large files would otherwise keep until the end.
 */
export interface LintedFile extends Omit<WorkflowCheck, 'ir'> {
  /** The workflow's total budget, when it has one and lowered to an IR. */
  workflowBudget?: number;
}

/**
 * Checks one root file for a lint, on whichever thread runs it (the main one, or a lint worker).
 * A bug met while checking one of many files says which file met it.
 */
export async function lintFile(file: string): Promise<LintedFile> {
  const shown = displayPath(file);
  let checked: WorkflowCheck;
  try {
    checked = await checkWorkflow(file, shown);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new Error(`while checking ${shown}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  const { ir, ...check } = checked;
  const workflowBudget = ir?.budget.total;
  return workflowBudget === undefined ? check : { ...check, workflowBudget };
}
