/**
 * bench/results/coordinator/results.json (bench/coordinator.ts): how fast the coordinator model
 * runs on CPU, and the table docs/BENCHMARKS.md shows from it, against the targets of the
 * performance issue (a write at batch 1, steps per second batched).
 */
import { z } from 'zod';
import { median } from './stats.js';
import { timedRunFields } from './timing-machine.js';

export const CoordinatorSpeedCase = z.object({
  name: z.string(),
  /** Median of `repeats` timed calls (after a warm-up); over several processes, the median of their medians. */
  medianUs: z.number().nonnegative(),
  /** Each fresh process's median, when the run used several (bench/coordinator.ts --processes). */
  processMediansUs: z.array(z.number().nonnegative()).optional(),
  repeats: z.number().int().positive(),
  /** Steps (rows written or slots scored) one timed call does; throughput is steps / median. */
  steps: z.number().int().positive(),
  /** What a throughput figure counts, when the case reports one (`steps/s`, `messages/s`). */
  rate: z.string().optional(),
  /** The performance issue's target for this case, when it sets one. */
  target: z.union([z.object({ maxUs: z.number().positive() }), z.object({ minPerSecond: z.number().positive() })]).optional(),
});
export type CoordinatorSpeedCase = z.infer<typeof CoordinatorSpeedCase>;

/** One A/B pair (bench/coordinator.ts --baseline): the same call with this model's encode graph and the baseline's. */
export const CoordinatorSpeedPair = z.object({
  name: z.string(),
  /** Calls of each; the two alternate one by one, which goes first swapping every time. */
  repeats: z.number().int().positive(),
  medianUs: z.number().nonnegative(),
  baselineMedianUs: z.number().nonnegative(),
  /** Median over the pairs of (this call − the baseline's call made beside it). */
  medianDifferenceUs: z.number(),
});
export type CoordinatorSpeedPair = z.infer<typeof CoordinatorSpeedPair>;

export const CoordinatorSpeedResults = z.object({
  ...timedRunFields,
  /** Fresh processes the run measured in, one after another (a process's speed varies on a VM). */
  processes: z.number().int().positive().default(1),
  /** onnxruntime intra-op threads per session. */
  threads: z.number().int().positive(),
  /** The second encode session that large calls run on: its threads, and the ids a call needs to go there. */
  wideEncode: z.object({ threads: z.number().int().positive(), fromIds: z.number().int().positive() }).optional(),
  encodeSha256: z.string(),
  cases: z.array(CoordinatorSpeedCase),
  /** The model files as a git revision had them, timed against these (--baseline). */
  baseline: z
    .object({ revision: z.string(), encodeSha256: z.string(), pairs: z.array(CoordinatorSpeedPair) })
    .optional(),
});
export type CoordinatorSpeedResults = z.infer<typeof CoordinatorSpeedResults>;

const num = (x: number) => Math.round(x).toLocaleString('en-US');

export function perSecond(c: CoordinatorSpeedCase): number {
  return (c.steps / c.medianUs) * 1e6;
}

function targetText(c: CoordinatorSpeedCase): [string, string] {
  const t = c.target;
  if (!t) return ['—', '—'];
  if ('maxUs' in t) return [`≤ ${num(t.maxUs)} µs`, c.medianUs <= t.maxUs ? 'yes' : '**no**'];
  return [`≥ ${num(t.minPerSecond)} ${c.rate ?? 'steps/s'}`, perSecond(c) >= t.minPerSecond ? 'yes' : '**no**'];
}

const us = (x: number) => (x >= 100 ? num(x) : x.toFixed(1));

export function coordinatorSpeedTable(results: CoordinatorSpeedResults): string {
  const m = results.machine;
  const lines = [
    `Measured ${results.measuredAt.slice(0, 10)} on a ${m.cores}-core ${m.cpu} (load average ${m.loadAverage}), Node ${m.node}, ` +
      `${results.threads} onnxruntime intra-op thread${results.threads === 1 ? '' : 's'} per session` +
      (results.wideEncode ? ` (${results.wideEncode.threads} for encode calls of ${num(results.wideEncode.fromIds)} ids or more)` : '') +
      `, encode graph ${results.encodeSha256.slice(0, 12)}…` +
      (results.processes > 1 ? `, ${results.processes} fresh processes (the median of their medians, and their range).` : '.'),
    '',
    `| measurement | median µs per call${results.processes > 1 ? ' (range over processes)' : ''} | throughput | target | met |`,
    '|---|---:|---:|---|---|',
  ];
  for (const c of results.cases) {
    const [goal, met] = targetText(c);
    const rate = c.rate ? `${num(perSecond(c))} ${c.rate}` : '—';
    const range = c.processMediansUs && c.processMediansUs.length > 1 ? ` (${us(Math.min(...c.processMediansUs))}–${us(Math.max(...c.processMediansUs))})` : '';
    lines.push(`| ${c.name} | ${us(c.medianUs)}${range} | ${rate} | ${goal} | ${met} |`);
  }
  return lines.join('\n');
}

/** The A/B pairs against the baseline revision, when the results have them. */
export function coordinatorBaselineTable(results: CoordinatorSpeedResults): string {
  const b = results.baseline;
  if (!b) throw new Error('BENCHMARKS.md: these coordinator results have no baseline (run bench/coordinator.ts with --baseline)');
  const lines = [
    `Encode graph ${results.encodeSha256.slice(0, 12)}… against ${b.encodeSha256.slice(0, 12)}… (the model files of ${b.revision}), ` +
      `calls alternated one by one, load average ${results.machine.loadAverage}` +
      (results.processes > 1 ? `; medians of ${results.processes} fresh processes' figures.` : '.'),
    '',
    `| measurement | this graph, median µs | ${b.revision}, median µs | median paired difference µs | ratio |`,
    '|---|---:|---:|---:|---:|',
  ];
  for (const p of b.pairs) {
    const sign = p.medianDifferenceUs > 0 ? '+' : '';
    lines.push(`| ${p.name} | ${p.medianUs.toFixed(1)} | ${p.baselineMedianUs.toFixed(1)} | ${sign}${p.medianDifferenceUs.toFixed(1)} | ${(p.medianUs / p.baselineMedianUs).toFixed(2)} |`);
  }
  return lines.join('\n');
}

/**
 * One result from several fresh processes' (each a whole run of bench/coordinator.ts): a case's
 * median is the median of the processes' medians, with each kept; an A/B pair's figures are the
 * medians of the processes' figures. The processes' cases and pairs must match one by one.
 */
export function combineProcesses(runs: readonly Pick<CoordinatorSpeedResults, 'cases' | 'baseline'>[]): Pick<CoordinatorSpeedResults, 'cases' | 'baseline'> {
  const first = runs[0];
  if (!first) throw new Error('combineProcesses: no runs');
  const cases = first.cases.map((c, k) => {
    const medians = runs.map((r) => r.cases[k]!.medianUs);
    return { ...c, repeats: runs.reduce((n, r) => n + r.cases[k]!.repeats, 0), medianUs: median(medians), processMediansUs: medians };
  });
  const baseline = first.baseline && {
    ...first.baseline,
    pairs: first.baseline.pairs.map((p, k) => {
      const of = (field: 'medianUs' | 'baselineMedianUs' | 'medianDifferenceUs') => median(runs.map((r) => r.baseline!.pairs[k]![field]));
      return { ...p, repeats: runs.reduce((n, r) => n + r.baseline!.pairs[k]!.repeats, 0), medianUs: of('medianUs'), baselineMedianUs: of('baselineMedianUs'), medianDifferenceUs: of('medianDifferenceUs') };
    }),
  };
  return baseline ? { cases, baseline } : { cases };
}
