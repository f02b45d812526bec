import { CliError } from '../errors.js';
import { displayPath } from '../output/display-path.js';
import { checkWorkflow, diagnosticKey, type WorkflowCheck } from './check-workflow.js';

export interface LintSummary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * One linted file as the reports show it: its findings and budget bound, with the workflow's
 * budget in place of its IR, which a lint of many large files would otherwise keep until the end.
 */
export interface LintedFile extends Omit<WorkflowCheck, 'ir'> {
  /** The workflow's total budget, when it has one and lowered to an IR. */
  workflowBudget?: number;
}

/** The result of linting several root files: what every output format renders. */
export interface LintReport {
  files: LintedFile[];
  summary: LintSummary;
}

/** Checks each file in turn; a finding in a file that several roots import is reported once. */
export async function lintFiles(files: string[]): Promise<LintReport> {
  const seen = new Set<string>();
  const checks: LintedFile[] = [];
  for (const file of files) {
    const { ir, ...check } = await checkWorkflowNamingFile(file);
    check.diagnostics = check.diagnostics.filter((d) => {
      const key = diagnosticKey(d);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const workflowBudget = ir?.budget.total;
    checks.push(workflowBudget === undefined ? check : { ...check, workflowBudget });
  }
  return { files: checks, summary: summarize(checks) };
}

/** A bug met while checking one of many files should say which file met it. */
async function checkWorkflowNamingFile(file: string): Promise<WorkflowCheck> {
  const shown = displayPath(file);
  try {
    return await checkWorkflow(file, shown);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new Error(`while checking ${shown}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
}

function summarize(checks: LintedFile[]): LintSummary {
  const all = checks.flatMap((c) => c.diagnostics);
  return {
    files: checks.length,
    errors: all.filter((d) => d.severity === 'error').length,
    warnings: all.filter((d) => d.severity === 'warning').length,
    infos: all.filter((d) => d.severity === 'info').length,
  };
}
