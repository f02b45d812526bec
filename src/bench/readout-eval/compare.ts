import type { ReadoutResults } from './results.js';
import { pairedRows, type PairedRow } from './summary.js';

/**
 * Two readout runs of the learned contender paired case by case: `a` − `b` at each family and
 * budget (recall points and tokens, 95% intervals). Both must have kept their cases (`cases`) and
 * read the same test cases under the same corpus, budgets, hops and tokenizer; each chose its
 * operating points on validation in its own run. This is how two models (two commits, whose
 * runtimes cannot load each other's model) are compared at equal budgets.
 */
export function compareRuns(a: ReadoutResults, b: ReadoutResults, labels: { a: string; b: string }): PairedRow[] {
  if (labels.a === labels.b) throw new Error(`the two runs need different labels, not ${labels.a} twice`);
  if (!a.cases || !b.cases) {
    throw new Error(`${!a.cases ? labels.a : labels.b} keeps no per-case readouts: rerun bench/readout-eval.ts at that commit with this version of it, or compare side by side`);
  }
  for (const key of ['corpus', 'hops', 'tokenizer'] as const) {
    if (a.settings[key] !== b.settings[key]) throw new Error(`the runs differ in ${key}: ${labels.a} ${a.settings[key]}, ${labels.b} ${b.settings[key]}`);
  }
  if (a.settings.budgets.join() !== b.settings.budgets.join()) {
    throw new Error(`the runs differ in budgets: ${labels.a} ${a.settings.budgets.join(', ')}, ${labels.b} ${b.settings.budgets.join(', ')}`);
  }
  const ids = (r: ReadoutResults) => [...new Set(r.cases!.map((c) => c.id))].sort().join('\n');
  if (ids(a) !== ids(b)) throw new Error(`the runs read different test cases (${a.cases.length} and ${b.cases.length}): compare runs of the same corpus and split`);
  const named = (r: ReadoutResults, contender: string) => r.cases!.map((c) => ({ ...c, contender }));
  return pairedRows([...named(a, labels.a), ...named(b, labels.b)], labels.a, [labels.b]);
}
