import path from 'node:path';
import { checkWorkflow, diagnosticKey, type WorkflowCheck } from './check-workflow.js';

export interface LintSummary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

/** The result of linting several root files: what every output format renders. */
export interface LintReport {
  files: WorkflowCheck[];
  summary: LintSummary;
}

/** Checks each file in turn; a finding in a file that several roots import is reported once. */
export async function lintFiles(files: string[]): Promise<LintReport> {
  const seen = new Set<string>();
  const checks: WorkflowCheck[] = [];
  for (const file of files) {
    const check = await checkWorkflow(file, path.relative(process.cwd(), file) || file);
    check.diagnostics = check.diagnostics.filter((d) => {
      const key = diagnosticKey(d);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    checks.push(check);
  }
  return { files: checks, summary: summarize(checks) };
}

function summarize(checks: WorkflowCheck[]): LintSummary {
  const all = checks.flatMap((c) => c.diagnostics);
  return {
    files: checks.length,
    errors: all.filter((d) => d.severity === 'error').length,
    warnings: all.filter((d) => d.severity === 'warning').length,
    infos: all.filter((d) => d.severity === 'info').length,
  };
}
