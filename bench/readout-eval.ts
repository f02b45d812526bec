/**
 * coordbench v2's readout evaluation: every contender (the learned coordinator, BM25, word
 * vectors, recency, random, the oracle) reads through the same multi-hop readout, on the
 * natural corpus or the synthetic families' episodes. Operating points (each contender's
 * readout threshold and per-query limit per budget) are chosen on the validation split; the
 * test split is then run once. Writes bench/results/readout/<corpus>.{json,md}.
 * `--test-split longform` runs the natural corpus's evaluation-only split in place of test
 * (operating points still from validation) and writes natural-longform.{json,md};
 * `--validation-split longform-validation` chooses the points on long notes instead
 * (natural-longform-chosen-on-longform-validation.{json,md}). `--test-split documents` runs the
 * other evaluation-only split, long text written to a fourth brief, the same way.
 *
 *   nice npx tsx bench/readout-eval.ts --corpus natural [--test-split longform|documents [--validation-split longform-validation]]
 *   nice npx tsx bench/readout-eval.ts --corpus synthetic --count 200 [--style chatty]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCoordinator } from '../runtime/coordinator/index.js';
import { DEFAULT_READOUT_HOPS, DEFAULT_READOUT_PER_QUERY, checkedPerQuery } from '../runtime/coordinator/coordinator.js';
import { manifestPathFor } from '../runtime/coordinator/manifest.js';
import { O200K } from '../runtime/tokens/tokenizer.js';
import { episodeOf } from '../src/bench/episodes.js';
import { MessageStyle } from '../src/bench/family.js';
import { HELD_OUT_SPLITS, NaturalSplit } from '../src/bench/natural/corpus.js';
import { episodesOf, loadNaturalCorpus } from '../src/bench/natural/load.js';
import { naturalCase, syntheticCases, type ReadoutCase } from '../src/bench/readout-eval/cases.js';
import { CONTENDER_NAMES, contenders } from '../src/bench/readout-eval/contenders.js';
import { evaluateCase, fixedBudget, oracleMultiple, pointOf, type BudgetSpec, type CaseResult, type Contender, type OperatingPoint } from '../src/bench/readout-eval/evaluate.js';
import { BestPerBudget, thresholdGrid } from '../src/bench/readout-eval/points.js';
import { readoutReport } from '../src/bench/readout-eval/report.js';
import { ReadoutResults } from '../src/bench/readout-eval/results.js';
import { pairedRows, rankingRows, readoutRows, toThreshold, type ChosenPoint } from '../src/bench/readout-eval/summary.js';
import { Split, seedFor } from '../src/bench/splits.js';
import { FAMILY_NAMES, generateTask } from '../src/bench/task.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'natural' },
    'test-split': { type: 'string', default: 'test' },
    'validation-split': { type: 'string', default: 'validation' },
    count: { type: 'string', default: '200' },
    style: { type: 'string', default: 'plain' },
    hops: { type: 'string', default: String(DEFAULT_READOUT_HOPS) },
    // Per-query limits tried beside the default when choosing each contender's operating points ("none": no limit).
    'per-query': { type: 'string', default: 'none,1,2' },
    out: { type: 'string', default: 'bench/results/readout' },
  },
});
const corpus = values.corpus!;
if (corpus !== 'natural' && corpus !== 'synthetic') throw new Error(`--corpus is natural or synthetic, not ${corpus}`);
const testSplit = values['test-split']!;
const heldOut = (HELD_OUT_SPLITS as readonly string[]).includes(testSplit);
if (testSplit !== 'test' && !(corpus === 'natural' && heldOut)) {
  throw new Error(`--test-split is test, or one of ${HELD_OUT_SPLITS.join(', ')} with --corpus natural; not ${testSplit}`);
}
const validationSplit = values['validation-split']!;
if (validationSplit !== 'validation' && !(heldOut && validationSplit === 'longform-validation')) {
  throw new Error(`--validation-split is validation, or longform-validation with a --test-split of ${HELD_OUT_SPLITS.join(', ')}; not ${validationSplit}`);
}
const style = MessageStyle.parse(values.style);
const count = Number(values.count);
const hops = Number(values.hops);
const perQueryGrid = values['per-query']!.split(',').map((x) => (x === 'none' ? null : checkedPerQuery(Number(x))!));
const countTokens = (text: string) => O200K.count(text);

/** natural, natural-longform, natural-longform-chosen-on-longform-validation, or synthetic-<style>. */
function resultsName(): string {
  if (corpus !== 'natural') return `synthetic-${style}`;
  const parts = ['natural'];
  if (testSplit !== 'test') parts.push(testSplit);
  if (validationSplit !== 'validation') parts.push(`chosen-on-${validationSplit}`);
  return parts.join('-');
}

async function casesOf(split: NaturalSplit): Promise<ReadoutCase[]> {
  if (corpus === 'natural') {
    const natural = await loadNaturalCorpus(path.resolve('bench/corpus/natural'));
    return episodesOf(natural, split).map(naturalCase);
  }
  const seeds = Split.parse(split);
  return FAMILY_NAMES.flatMap((family) =>
    Array.from({ length: count }, (_, i) => syntheticCases(episodeOf(generateTask(family, seedFor(seeds, i), seeds, style)))).flat(),
  );
}

const budgets: BudgetSpec[] =
  corpus === 'natural'
    ? [fixedBudget(16), fixedBudget(32), fixedBudget(64), fixedBudget(128), oracleMultiple(1), oracleMultiple(1.5), oracleMultiple(2)]
    : [fixedBudget(16), fixedBudget(32), fixedBudget(64), fixedBudget(128)];

const all = contenders(CONTENDER_NAMES, hops, (runId, settings) => createCoordinator({ config: { model: 'builtin', device: 'cpu' }, runId }, settings));

async function run(cases: readonly ReadoutCase[], contender: Contender, point: OperatingPoint | undefined): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of cases) out.push(await evaluateCase(c, contender, budgets, countTokens, point));
  return out;
}

type Point = { threshold: number | undefined; perQuery: number | null | undefined };
const pointKey = (p: Point) => `${p.threshold}\u0000${p.perQuery}`;

const startedAt = new Date().toISOString();
const validation = await casesOf(NaturalSplit.parse(validationSplit));
const test = await casesOf(NaturalSplit.parse(testSplit));
const chosen: ReadoutResults['thresholds'] = [];
const testResults: CaseResult[] = [];
for (const contender of all) {
  // The oracle is the ceiling with its own rule (needed or not); every other contender is tuned the same way.
  const defaults = await run(validation, contender, undefined);
  const chosenPoints = new BestPerBudget<Point>(budgets.map((b) => b.label));
  chosenPoints.consider(defaults, { threshold: undefined, perQuery: undefined });
  if (contender.name !== 'oracle') {
    // The default first, so another limit is chosen only where it reads more, or the same for fewer tokens.
    for (const perQuery of [undefined, ...perQueryGrid]) {
      for (const threshold of thresholdGrid(defaults.flatMap((r) => r.scores))) {
        if (threshold === undefined && perQuery === undefined) continue;
        chosenPoints.consider(await run(validation, contender, pointOf({ threshold, perQuery })), { threshold, perQuery });
      }
    }
  }
  const pointsByBudget = new Map(budgets.map((b) => {
    const { value, recall, delivered } = chosenPoints.at(b.label);
    return [b.label, { ...value, recall, delivered }] as const;
  }));
  // One test pass per distinct chosen point; each budget keeps the readouts of its own.
  const byPoint = Map.groupBy(budgets, (b) => pointKey(pointsByBudget.get(b.label)!));
  const merged = new Map<string, CaseResult>();
  for (const group of byPoint.values()) {
    const results = await run(test, contender, pointOf(pointsByBudget.get(group[0]!.label)!));
    for (const r of results) {
      const kept = { ...r, readouts: r.readouts.filter((x) => group.some((b) => b.label === x.budget)) };
      const prior = merged.get(r.id);
      merged.set(r.id, prior ? { ...prior, readouts: [...prior.readouts, ...kept.readouts] } : kept);
    }
  }
  for (const r of merged.values()) testResults.push({ ...r, readouts: budgets.map((b) => r.readouts.find((x) => x.budget === b.label)!) });
  for (const budget of budgets) {
    const p = pointsByBudget.get(budget.label)!;
    const open = await contender.open(validation[0]!, pointOf(p));
    const threshold = p.threshold ?? (open as { threshold?: number }).threshold ?? NaN;
    await open.close();
    chosen.push({
      contender: contender.name,
      budget: budget.label,
      threshold: toThreshold(threshold),
      perQuery: p.perQuery === undefined ? DEFAULT_READOUT_PER_QUERY : p.perQuery,
      validationRecall: p.recall,
      validationDelivered: p.delivered,
    });
  }
  process.stderr.write(`${contender.name}: done\n`);
}

const pointAt = new Map<string, ChosenPoint>(chosen.map((t) => [`${t.contender}\u0000${t.budget}`, { threshold: t.threshold, perQuery: t.perQuery ?? null }]));
const manifest = manifestPathFor('builtin');
const results = ReadoutResults.parse({
  version: 1,
  command: `npx tsx bench/readout-eval.ts ${process.argv.slice(2).join(' ')}`.trim(),
  startedAt,
  finishedAt: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.versions.node },
  settings: {
    corpus: resultsName(),
    hops,
    budgets: budgets.map((b) => b.label),
    tokenizer: 'o200k_base',
    validationCases: validation.length,
    testCases: test.length,
    coordinator: { manifest: path.relative(process.cwd(), manifest), sha256: createHash('sha256').update(await readFile(manifest)).digest('hex') },
  },
  thresholds: chosen,
  readout: readoutRows(testResults, pointAt),
  ranking: rankingRows(testResults),
  paired: pairedRows(testResults, 'learned', ['bm25', 'embedding', 'recency', 'random']),
  cases: testResults
    .filter((r) => r.contender === 'learned')
    .map((r) => ({ contender: r.contender, id: r.id, family: r.family, readouts: r.readouts.map(({ budget, recall, delivered }) => ({ budget, recall, delivered })) })),
});
const out = path.resolve(values.out!);
await mkdir(out, { recursive: true });
const name = results.settings.corpus;
await writeFile(path.join(out, `${name}.json`), `${JSON.stringify(results, null, 1)}\n`);
await writeFile(path.join(out, `${name}.md`), readoutReport(results));
process.stdout.write(readoutReport(results));
