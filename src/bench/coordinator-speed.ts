/**
 * bench/results/coordinator/results.json (bench/coordinator.ts): how fast the coordinator model
 * runs on CPU, and the table docs/BENCHMARKS.md shows from it, against the targets of the
 * performance issue (a write at batch 1, steps per second batched).
 */
import { z } from 'zod';
import { timedRunFields } from './timing-machine.js';

export const CoordinatorSpeedCase = z.object({
  name: z.string(),
  /** Median of `repeats` timed calls (after a warm-up). */
  medianUs: z.number().nonnegative(),
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
  /** onnxruntime intra-op threads per session. */
  threads: z.number().int().positive(),
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

export function coordinatorSpeedTable(results: CoordinatorSpeedResults): string {
  const m = results.machine;
  const lines = [
    `Measured ${results.measuredAt.slice(0, 10)} on a ${m.cores}-core ${m.cpu} (load average ${m.loadAverage}), Node ${m.node}, ` +
      `${results.threads} onnxruntime intra-op thread${results.threads === 1 ? '' : 's'} per session, encode graph ${results.encodeSha256.slice(0, 12)}….`,
    '',
    '| measurement | median µs per call | throughput | target | met |',
    '|---|---:|---:|---|---|',
  ];
  for (const c of results.cases) {
    const [goal, met] = targetText(c);
    const rate = c.rate ? `${num(perSecond(c))} ${c.rate}` : '—';
    const us = c.medianUs >= 100 ? num(c.medianUs) : c.medianUs.toFixed(1);
    lines.push(`| ${c.name} | ${us} | ${rate} | ${goal} | ${met} |`);
  }
  return lines.join('\n');
}

/** The A/B pairs against the baseline revision, when the results have them. */
export function coordinatorBaselineTable(results: CoordinatorSpeedResults): string {
  const b = results.baseline;
  if (!b) throw new Error('BENCHMARKS.md: these coordinator results have no baseline (run bench/coordinator.ts with --baseline)');
  const us = (x: number) => x.toFixed(1);
  const lines = [
    `Encode graph ${results.encodeSha256.slice(0, 12)}… against ${b.encodeSha256.slice(0, 12)}… (the model files of ${b.revision}), ` +
      `calls alternated one by one, load average ${results.machine.loadAverage}.`,
    '',
    `| measurement | this graph, median µs | ${b.revision}, median µs | median paired difference µs | ratio |`,
    '|---|---:|---:|---:|---:|',
  ];
  for (const p of b.pairs) {
    const sign = p.medianDifferenceUs > 0 ? '+' : '';
    lines.push(`| ${p.name} | ${us(p.medianUs)} | ${us(p.baselineMedianUs)} | ${sign}${us(p.medianDifferenceUs)} | ${(p.medianUs / p.baselineMedianUs).toFixed(2)} |`);
  }
  return lines.join('\n');
}
