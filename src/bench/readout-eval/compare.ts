import type { ReadoutResults } from './results.js';
import { pairedRows, type PairedRow } from './summary.js';

/**
 * Two readout runs of the learned contender paired case by case: `a` − `b` at each family and
 * budget (recall points and tokens, 95% intervals). Both must have kept their cases (`cases`) and
 * read the same test cases under the same corpus, budgets, hops and tokenizer; each chose its
 * operating points on validation in its own run. This is how two models (two commits, whose
 * runtimes cannot load each other's model) are compared at equal budgets. `domains` keeps the cases
 * of those natural domains only.
 */
export function compareRuns(
  a: ReadoutResults,
  b: ReadoutResults,
  labels: { a: string; b: string },
  options: { domains?: readonly string[] } = {},
): PairedRow[] {
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
  // A natural case's id is its episode's: "<domain>-<nn>". Restricting to some domains asks where a difference comes from.
  const domainOf = (id: string) => id.replace(/-\d+$/, '');
  const kept = options.domains ? new Set(options.domains) : undefined;
  if (kept) {
    const present = new Set(a.cases.map((c) => domainOf(c.id)));
    const missing = [...kept].filter((d) => !present.has(d));
    if (missing.length > 0) throw new Error(`no test case of ${missing.join(', ')} in these runs: name domains of their test split`);
  }
  const named = (r: ReadoutResults, contender: string) =>
    r.cases!.filter((c) => !kept || kept.has(domainOf(c.id))).map((c) => ({ ...c, contender }));
  return pairedRows([...named(a, labels.a), ...named(b, labels.b)], labels.a, [labels.b]);
}
