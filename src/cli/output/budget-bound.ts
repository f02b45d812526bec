import type { BudgetBound } from '../../analysis/index.js';

/**
 * The static budget bound in one line, e.g.
 * "budget bound: 9100 tokens worst case (best case 4000) of 12000", or why there is none.
 */
export function describeBudgetBound(bound: BudgetBound, budget: number | undefined): string {
  const of = budget === undefined ? 'with no workflow budget' : `of ${budget}`;
  const best = bound.bestCase === null ? 'no best case' : `best case ${bound.bestCase}`;
  if (bound.tokens === null) {
    const why = bound.unboundedBecause?.length ? `: ${bound.unboundedBecause.join('; ')}` : '';
    return `budget bound: unbounded (${best}) ${of}${why}`;
  }
  return `budget bound: ${bound.tokens} tokens worst case (${best}) ${of}`;
}
