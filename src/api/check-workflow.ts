import { analyzeWorkflow, type BudgetBound } from '../analysis/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { WorkflowIR } from '../ir/schema.js';
import { loadWorkflow } from '../language/index.js';

/** Everything the front end knows about one root workflow file. */
export interface WorkflowCheck {
  /** Absolute path of the root file. */
  file: string;
  /** Findings in the root file, then in the files it imports, each by position. */
  diagnostics: Diagnostic[];
  /** The lowered workflow, when the language produced one. */
  ir?: WorkflowIR;
  /** The static budget bound, when flow analysis ran. */
  budgetBound?: BudgetBound;
}

/**
 * The whole front end on one file, as `coord lint` runs it: load and check the workflow, then
 * analyse its flow and bound its spend when it lowered to an IR. Never throws on bad input: a
 * missing file is a COORD006 finding.
 */
export async function checkWorkflow(file: string): Promise<WorkflowCheck> {
  const loaded = await loadWorkflow(file);
  const diagnostics = [...loaded.diagnostics];
  if (!loaded.ir) return { file, diagnostics: sortDiagnostics(diagnostics, file) };
  const analysis = analyzeWorkflow(loaded.ir);
  // Skip findings loadWorkflow already gave, should the language ever run the analysis itself.
  const known = new Set(diagnostics.map(diagnosticKey));
  diagnostics.push(...analysis.diagnostics.filter((d) => !known.has(diagnosticKey(d))));
  return { file, diagnostics: sortDiagnostics(diagnostics, file), ir: loaded.ir, budgetBound: analysis.budgetBound };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Identifies a finding: the same code, message and range in the same file is the same finding. */
export function diagnosticKey(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${d.file}\0${start.line}:${start.column}-${end.line}:${end.column}\0${d.code}\0${d.message}`;
}

function sortDiagnostics(diagnostics: Diagnostic[], root: string): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.file === root ? '' : d.file);
  return diagnostics.sort(
    (a, b) =>
      (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
