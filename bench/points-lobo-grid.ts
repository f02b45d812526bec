// npx tsx bench/points-lobo-grid.ts SPLIT (each validation split), then python3 bench/points-lobo.py: bench/results/v15/points-leave-one-brief-out.txt
// Every grid point's per-case readouts (learned, v15) on one validation split, thresholds fixed from natural
// validation's score percentiles (passed in), for leave-one-brief-out choice of operating points.
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
import { percentile } from '../src/bench/stats.js';

const split = NaturalSplit.parse(process.argv[2]);
const budgets = [fixedBudget(16), fixedBudget(32), fixedBudget(64), fixedBudget(128), oracleMultiple(1), oracleMultiple(1.5), oracleMultiple(2)];
const natural = await loadNaturalCorpus(path.resolve('bench/corpus/natural'));
const count = (t: string) => O200K.count(t);
const [contender] = contenders(['learned'], DEFAULT_READOUT_HOPS, (runId, s) => createCoordinator({ config: { model: 'builtin', device: 'cpu' }, runId }, s));
const run = async (cases: ReturnType<typeof naturalCase>[], p: OperatingPoint | undefined) => { const o: CaseResult[] = []; for (const c of cases) o.push(await evaluateCase(c, contender!, budgets, count, p)); return o; };
// The grid's thresholds: natural validation's score percentiles, as readout-eval takes them.
const reference = (await run(episodesOf(natural, 'validation').map(naturalCase), undefined)).flatMap((r) => r.scores);
const thresholds = [undefined, -Infinity, ...[25, 50, 75, 90].map((p) => percentile(reference, p))];
const cases = episodesOf(natural, split).map(naturalCase);
const out: { point: string; budget: string; cases: { id: string; family: string; recall: number; delivered: number }[] }[] = [];
for (const perQuery of [undefined, null, 1, 2] as const) for (const threshold of thresholds) {
  const point = pointOf({ threshold, perQuery });
  const results = await run(cases, point);
  for (const b of budgets) out.push({ point: `${threshold}/${perQuery}`, budget: b.label, cases: results.map((r) => ({ id: r.id, family: r.family, ...r.readouts.find((x) => x.budget === b.label)! })).map(({ id, family, recall, delivered }) => ({ id, family, recall, delivered })) });
}
await writeFile(`grid-${split}.json`, JSON.stringify(out));
console.log(split, 'done', out.length);
