/**
 * A candidate model's learned readout on a validation split, before any test run: its operating
 * points (readout threshold and per-query limit per budget, from bench/readout-eval.ts's grid) are
 * chosen on the split itself (in-sample, so both sides of a pairing are flattered alike), and each
 * case's readouts at them are written out; `pair` then sets two such runs side by side case by
 * case, with paired 95% intervals. This is the gate a candidate passes before its one test run
 * (bench/results/v15/trees-candidate.txt).
 *
 *   npx tsx bench/readout-candidate.ts run SPLIT MODEL/coordinator.json OUT.json
 *   npx tsx bench/readout-candidate.ts pair A.json B.json [--labels a,b]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createCoordinator } from '../runtime/coordinator/index.js';
import { DEFAULT_READOUT_HOPS } from '../runtime/coordinator/coordinator.js';
import { O200K } from '../runtime/tokens/tokenizer.js';
import { NaturalSplit } from '../src/bench/natural/corpus.js';
import { episodesOf, loadNaturalCorpus } from '../src/bench/natural/load.js';
import { naturalCase } from '../src/bench/readout-eval/cases.js';
import { contenders } from '../src/bench/readout-eval/contenders.js';
import { evaluateCase, fixedBudget, oracleMultiple, pointOf, type CaseResult, type OperatingPoint } from '../src/bench/readout-eval/evaluate.js';
import { BestPerBudget, thresholdGrid } from '../src/bench/readout-eval/points.js';
import { pairedTable } from '../src/bench/readout-eval/report.js';
import { pairedRows } from '../src/bench/readout-eval/summary.js';

const CandidateRun = z.object({
  split: z.string(),
  model: z.string(),
  cases: z.array(z.object({ id: z.string(), family: z.string(), readouts: z.array(z.object({ budget: z.string(), recall: z.number(), delivered: z.number() })) })),
});
type CandidateRun = z.infer<typeof CandidateRun>;

const budgets = [fixedBudget(16), fixedBudget(32), fixedBudget(64), fixedBudget(128), oracleMultiple(1), oracleMultiple(1.5), oracleMultiple(2)];

async function run(split: string, model: string): Promise<CandidateRun> {
  const natural = await loadNaturalCorpus(path.resolve('bench/corpus/natural'));
  const cases = episodesOf(natural, NaturalSplit.parse(split)).map(naturalCase);
  const [learned] = contenders(['learned'], DEFAULT_READOUT_HOPS, (runId, settings) =>
    createCoordinator({ config: { model: path.resolve(model), device: 'cpu' }, runId }, settings),
  );
  const readAll = async (point: OperatingPoint | undefined) => {
    const out: CaseResult[] = [];
    for (const c of cases) out.push(await evaluateCase(c, learned!, budgets, (text) => O200K.count(text), point));
    return out;
  };
  // The same grid and rule as readout-eval's, on the split itself.
  const best = new BestPerBudget<CaseResult[]>(budgets.map((b) => b.label));
  const defaults = await readAll(undefined);
  best.consider(defaults, defaults);
  for (const perQuery of [undefined, null, 1, 2]) {
    for (const threshold of thresholdGrid(defaults.flatMap((r) => r.scores))) {
      if (threshold === undefined && perQuery === undefined) continue;
      const results = await readAll(pointOf({ threshold, perQuery }));
      best.consider(results, results);
    }
  }
  return {
    split,
    model,
    cases: cases.map((c, i) => ({
      id: c.id,
      family: c.family,
      readouts: budgets.map((budget) => {
        const { recall, delivered } = best.at(budget.label).value[i]!.readouts.find((r) => r.budget === budget.label)!;
        return { budget: budget.label, recall, delivered };
      }),
    })),
  };
}

const USAGE = 'usage: npx tsx bench/readout-candidate.ts run SPLIT MODEL/coordinator.json OUT.json | pair A.json B.json [--labels a,b]\n';

async function pair(files: string[], labels: string): Promise<string> {
  const [la, lb] = labels.split(',');
  if (!la || !lb || la === lb) throw new Error('--labels takes two different names, comma-separated');
  const [a, b] = await Promise.all(
    files.map(async (file) => {
      const parsed = CandidateRun.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (!parsed.success) throw new Error(`${file} is not what \`readout-candidate.ts run\` writes`);
      return parsed.data;
    }),
  );
  if (a!.split !== b!.split) throw new Error(`the runs read different splits: ${a!.split} and ${b!.split}`);
  const named = (r: CandidateRun, contender: string) => r.cases.map((c) => ({ ...c, contender }));
  return `${pairedTable(pairedRows([...named(a!, la), ...named(b!, lb)], la, [lb]), `${la} − ${lb}`)}\n`;
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { labels: { type: 'string', default: 'A,B' } } });
const [command, ...rest] = positionals;
const splits = NaturalSplit.options;
if (command === 'run' && rest.length === 3 && (splits as readonly string[]).includes(rest[0]!)) {
  const [split, model, out] = rest as [string, string, string];
  try {
    await writeFile(out, `${JSON.stringify(await run(split, model))}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
} else if (command === 'pair' && rest.length === 2) {
  try {
    process.stdout.write(await pair(rest, values.labels!));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
} else {
  process.stderr.write(`${USAGE}SPLIT is one of: ${splits.join(', ')}\n`);
  process.exit(2);
}
