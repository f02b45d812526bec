import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { WorkflowIR } from '../ir/schema.js';
import { computeBudgetBound, type BudgetBound } from './budget-bound.js';
import { checkBudgetBound } from './budget-check.js';
import { createCheckContext, type Check } from './context.js';
import { checkGuards } from './guards.js';
import { checkHumanSteps } from './human.js';
import { checkLoopLimits } from './loop-limits.js';
import { checkLoops } from './loops.js';
import { checkMaps } from './map.js';
import { checkParallel } from './parallel.js';
import { checkReachability } from './reachability.js';
import { compareDiagnostics, createReporter } from './report.js';
import { checkStructure } from './structure.js';
import { checkTransitions } from './transitions.js';

export type { AgentBound, BudgetBound } from './budget-bound.js';
export { computeBudgetBound } from './budget-bound.js';

const CHECKS: Check[] = [
  checkStructure,
  checkReachability,
  checkLoops,
  checkLoopLimits,
  checkTransitions,
  checkGuards,
  checkParallel,
  checkMaps,
  checkHumanSteps,
];

/** Flow analysis of a lowered workflow: every finding, sorted by position, and the static budget bound. */
export function analyzeWorkflow(ir: WorkflowIR): { diagnostics: Diagnostic[]; budgetBound: BudgetBound } {
  const { report, diagnostics } = createReporter(ir);
  const context = createCheckContext(ir, report);
  for (const check of CHECKS) check(context);
  const budgetBound = computeBudgetBound(ir, context.graph);
  checkBudgetBound(ir, budgetBound, report);
  return { diagnostics: diagnostics.sort(compareDiagnostics), budgetBound };
}
