/**
 * Readout threshold on coordbench: the learned coordinator's `latent` and `hybrid` policies
 * with each readout threshold (the relevance logit a slot must score above to be read;
 * the manifest's is chosen at training for F1) × each readout budget, next to the BM25
 * baseline at the same budgets. Ends with the comparison the target asks for: for
 * each BM25 point, the most successful learned point that delivers no more tokens.
 * Choose thresholds on the validation split; run test only to report thresholds already chosen.
 *
 *   npx tsx bench/readout-threshold.ts --split validation --count 300 --thresholds=-3,manifest,-1.5,-1,-0.5,0,0.5,1,2
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FamilyName } from '../src/bench/family.js';
import { runHarness } from '../src/bench/harness.js';
import type { Knobs } from '../src/bench/knobs.js';
import { summarise, type RunRecord, type SummaryRow } from '../src/bench/metrics.js';
import { parsePolicies, type PolicyName } from '../src/bench/policies.js';
import { Split } from '../src/bench/splits.js';
import { loadBenchWorkflows } from '../src/bench/workflows.js';
import { compileMachine } from '../src/compile/machine.js';
import { RunCoordinator } from '../runtime/coordinator/coordinator.js';
import { loadCoordinatorModel } from '../runtime/coordinator/index.js';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'validation' },
    count: { type: 'string', default: '300' },
    family: { type: 'string', default: 'multihop' },
    policy: { type: 'string', default: 'latent,hybrid' },
    // `manifest` stands for the shipped model's own threshold.
    thresholds: { type: 'string', default: '-3,manifest,-1.5,-1,-0.5,0,0.5,1,2' },
    budgets: { type: 'string', default: '16,32,64,128' },
    concurrency: { type: 'string', default: '4' },
  },
});
const split = Split.parse(values.split);
const families = values.family === 'all' ? FamilyName.options : values.family.split(',').map((f) => FamilyName.parse(f.trim()));
const learned = parsePolicies(values.policy);
const budgets = values.budgets.split(',').map(Number);
const count = Number(values.count);

const irs = await loadBenchWorkflows(path.join(import.meta.dirname, '..'), families);
const model = await loadCoordinatorModel('builtin', 'cpu', { notice: () => {} });
const manifestThreshold = model.manifest.threshold;
const thresholds = values.thresholds.split(',').map((t) => (t.trim() === 'manifest' ? manifestThreshold : Number(t)));
for (const t of thresholds) if (!Number.isFinite(t)) throw new Error(`--thresholds: '${values.thresholds}' has a value that is not a number`);

async function sweep(policies: PolicyName[], knobs: Knobs, threshold?: number): Promise<SummaryRow[]> {
  const { records } = await runHarness({
    families,
    policies,
    budgets,
    split,
    count,
    start: 0,
    knobs,
    workflows: irs,
    compile: compileMachine,
    concurrency: Number(values.concurrency),
    learnedCoordinator: async (_ir, runId) => new RunCoordinator(model, runId, undefined, threshold === undefined ? {} : { threshold }),
  });
  const errors = records.filter((r: RunRecord) => r.error !== undefined);
  if (errors.length > 0) throw new Error(`${errors.length} runs ended in an error, e.g. ${errors[0]!.error}`);
  return summarise(records);
}

interface Point {
  threshold?: number;
  row: SummaryRow;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const interval = (r: SummaryRow) => `${pct(r.success)} (${pct(r.successLow)}–${pct(r.successHigh)})`;
const logit = (t: number | undefined) => (t === undefined ? '—' : `${Number(t.toFixed(2))}${t === manifestThreshold ? ' (manifest)' : ''}`);
const label = (p: Point) => (p.threshold === undefined ? `${p.row.policy}@${p.row.budget}` : `${p.row.policy}@${p.row.budget}, threshold ${logit(p.threshold)}`);

const baseline: Point[] = (await sweep(['bm25'], {})).map((row) => ({ row }));
const points: Point[] = [];
for (const threshold of thresholds) points.push(...(await sweep(learned, {}, threshold)).map((row) => ({ threshold, row })));

const order = (a: Point, b: Point) =>
  a.row.family.localeCompare(b.row.family) || a.row.policy.localeCompare(b.row.policy) || (a.threshold ?? 0) - (b.threshold ?? 0) || (a.row.budget ?? 0) - (b.row.budget ?? 0);
console.log(`coordbench ${split} split, ${count} tasks per family; manifest threshold ${logit(manifestThreshold)}\n`);
console.log('| family | policy | threshold | budget | success (95% CI) | delivered mean | exchanged mean |');
console.log('|---|---|---:|---:|---|---:|---:|');
for (const p of [...baseline, ...points].sort(order)) {
  console.log(
    `| ${p.row.family} | ${p.row.policy} | ${logit(p.threshold)} | ${p.row.budget} | ${interval(p.row)} | ${p.row.deliveredMean.toFixed(0)} | ${p.row.exchangedMean.toFixed(0)} |`,
  );
}

// Equal tokens: against each BM25 point, the most successful learned point (any policy,
// threshold and budget run here) with no more tokens, delivered or exchanged; "above" means
// its 95% interval lies wholly above BM25's.
for (const measure of ['deliveredMean', 'exchangedMean'] as const) {
  const what = measure === 'deliveredMean' ? 'delivered' : 'exchanged';
  console.log(`\nEqual tokens ${what}: the most successful learned point with no more tokens ${what} than each BM25 point\n`);
  console.log(`| family | BM25 | success (95% CI) | ${what} | best learned point | success (95% CI) | ${what} | interval above |`);
  console.log('|---|---|---|---:|---|---|---:|---|');
  for (const r of baseline) {
    const best = points
      .filter((p) => p.row.family === r.row.family && p.row[measure] <= r.row[measure])
      .sort((a, b) => b.row.success - a.row.success || a.row[measure] - b.row[measure])[0];
    const cells = best
      ? `${label(best)} | ${interval(best.row)} | ${best.row[measure].toFixed(0)} | ${best.row.successLow > r.row.successHigh ? 'yes' : 'no'}`
      : 'none delivers so few | — | — | no';
    console.log(`| ${r.row.family} | ${label(r)} | ${interval(r.row)} | ${r.row[measure].toFixed(0)} | ${cells} |`);
  }
}
process.exit(0);
