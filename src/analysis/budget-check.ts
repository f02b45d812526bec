import type { WorkflowIR } from '../ir/schema.js';
import type { BudgetBound } from './budget-bound.js';
import type { Report } from './report.js';

/**
 * Compares the static bound with the workflow budget (docs/budget-bound.md):
 * cheapest path over budget → COORD120 error (the run cannot finish with its turns at their caps);
 * worst case over budget → COORD121 warning (the runtime stops such a run at the budget);
 * no worst-case bound → COORD122 info (the budget alone limits a run).
 * The IR keeps no location for the workflow budget, so these point at the workflow's first line.
 */
/** Reasons quoted in the message; `coord lint --json` and the bound itself carry them all. */
const MAX_REASONS = 3;

export function checkBudgetBound(ir: WorkflowIR, bound: BudgetBound, report: Report): void {
  const budget = ir.budget.total;
  if (budget === undefined) return;
  if (bound.bestCase !== null && bound.bestCase > budget) {
    report('COORD120', `even the cheapest path to \`done\` needs up to ${bound.bestCase} tokens with every turn at its budget, more than the workflow budget of ${budget}`, undefined);
  } else if (bound.tokens === null) {
    const reasons = bound.unboundedBecause ?? [];
    const shown = reasons.slice(0, MAX_REASONS).join('; ') + (reasons.length > MAX_REASONS ? `; and ${reasons.length - MAX_REASONS} more` : '');
    report('COORD122', `a run has no static token bound (${shown}); the workflow budget of ${budget} tokens is what stops it`, undefined);
  } else if (bound.tokens > budget) {
    report('COORD121', `a run can spend up to ${bound.tokens} tokens in the worst case, more than the workflow budget of ${budget}; the runtime will stop such a run at the budget`, undefined);
  }
}
