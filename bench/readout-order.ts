/**
 * The best-first readout (B) against round by round (A) on one validation split, the learned contender, each with its
 * points chosen in-sample from readout-eval's grid (bench/results/v15/best-first-readout-plan.txt), paired per budget
 * over all families. Writes bf-SPLIT-learned.json in the working folder.
 *
 *   npx tsx bench/readout-order.ts validation|longform-validation|documents-validation|agents-validation|engineering-validation
 */
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { createCoordinator } from '../runtime/coordinator/index.js';
import { DEFAULT_READOUT_HOPS } from '../runtime/coordinator/coordinator.js';
import { O200K } from '../runtime/tokens/tokenizer.js';
import { NaturalSplit } from '../src/bench/natural/corpus.js';
import { episodesOf, loadNaturalCorpus } from '../src/bench/natural/load.js';
import { naturalCase } from '../src/bench/readout-eval/cases.js';
import { contenders } from '../src/bench/readout-eval/contenders.js';
import { evaluateCase, fixedBudget, oracleMultiple, pointOf, type CaseResult, type OperatingPoint } from '../src/bench/readout-eval/evaluate.js';
import { bootstrapMean, mean, percentile } from '../src/bench/stats.js';

const split = NaturalSplit.parse(process.argv[2]);
const who = (process.argv[3] ?? 'learned') as 'learned' | 'bm25';
const budgets = [fixedBudget(16), fixedBudget(32), fixedBudget(64), fixedBudget(128), oracleMultiple(1), oracleMultiple(1.5), oracleMultiple(2)];
const natural = await loadNaturalCorpus(path.resolve('bench/corpus/natural'));
const cases = episodesOf(natural, split).map(naturalCase);
const [contender] = contenders([who], DEFAULT_READOUT_HOPS, (runId, s) => createCoordinator({ config: { model: 'builtin', device: 'cpu' }, runId }, s));
const count = (t: string) => O200K.count(t);
const run = async (p: OperatingPoint | undefined) => { const out: CaseResult[] = []; for (const c of cases) out.push(await evaluateCase(c, contender!, budgets, count, p)); return out; };

const defaults = await run(undefined);
const scores = defaults.flatMap((r) => r.scores);
const thresholds = [...new Set([undefined, -Infinity, ...[25, 50, 75, 90].map((p) => percentile(scores, p))])];
type Best = { point: OperatingPoint; results: CaseResult[]; recall: number; delivered: number };
function choose(tried: { point: OperatingPoint; results: CaseResult[] }[]): Map<string, Best> {
  const by = new Map<string, Best>();
  for (const t of tried) for (const b of budgets) {
    const at = t.results.map((r) => r.readouts.find((x) => x.budget === b.label)!);
    const cand = { ...t, recall: mean(at.map((x) => x.recall)), delivered: mean(at.map((x) => x.delivered)) };
    const best = by.get(b.label);
    if (!best || cand.recall > best.recall + 1e-9 || (Math.abs(cand.recall - best.recall) <= 1e-9 && cand.delivered < best.delivered)) by.set(b.label, cand);
  }
  return by;
}
const triedA = [{ point: {}, results: defaults }];
for (const perQuery of [undefined, null, 1, 2] as const) for (const threshold of thresholds) {
  if (threshold === undefined && perQuery === undefined) continue;
  triedA.push({ point: pointOf({ threshold, perQuery }), results: await run(pointOf({ threshold, perQuery })) });
}
const triedB = [];
for (const threshold of thresholds) triedB.push({ point: pointOf({ threshold, order: 'best-first' }), results: await run(pointOf({ threshold, order: 'best-first' })) });
const A = choose(triedA), B = choose(triedB);
const rows = [];
for (const b of budgets) {
  const a = A.get(b.label)!, bb = B.get(b.label)!;
  const ra = a.results.map((r) => r.readouts.find((x) => x.budget === b.label)!), rb = bb.results.map((r) => r.readouts.find((x) => x.budget === b.label)!);
  const dr = bootstrapMean(rb.map((x, i) => x.recall - ra[i]!.recall)), dd = bootstrapMean(rb.map((x, i) => x.delivered - ra[i]!.delivered));
  const verdict = dr.low > 0 ? (dd.low > 0 ? 'more recall, more tokens' : 'better') : dr.high < 0 ? (dd.high < 0 ? 'less recall, fewer tokens' : 'worse') : 'tie';
  const fam = (res: CaseResult[], f: string) => mean(res.filter((r) => r.family === f).map((r) => r.readouts.find((x) => x.budget === b.label)!.recall));
  rows.push({ budget: b.label, A: { point: a.point, recall: a.recall, delivered: a.delivered }, B: { point: bb.point, recall: bb.recall, delivered: bb.delivered }, recallDiff: dr, deliveredDiff: dd, verdict,
    byFamily: Object.fromEntries(['relay', 'multihop', 'supersession', 'consensus'].map((f) => [f, [fam(a.results, f), fam(bb.results, f)]])) });
  console.log(`${split} ${who} ${b.label}: A ${(a.recall * 100).toFixed(1)}% @${a.delivered.toFixed(1)} (${JSON.stringify(a.point)}) B ${(bb.recall * 100).toFixed(1)}% @${bb.delivered.toFixed(1)} (${JSON.stringify(bb.point)}) diff ${(dr.mean * 100).toFixed(1)} (${(dr.low * 100).toFixed(1)}–${(dr.high * 100).toFixed(1)}) tokens ${dd.mean.toFixed(1)} (${dd.low.toFixed(1)}–${dd.high.toFixed(1)}) ${verdict}`);
}
await writeFile(`bf-${split}-${who}.json`, JSON.stringify(rows, null, 1));
