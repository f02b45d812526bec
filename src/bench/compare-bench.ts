import { z } from 'zod';
import type { RunRecord } from './metrics.js';
import { Interval } from './readout-eval/summary.js';
import { bootstrapMean } from './stats.js';

/** One family, policy and budget of two coordbench runs, paired task by task: `a` − `b`. */
export const PairedBenchRow = z.object({
  family: z.string(),
  policy: z.string(),
  budget: z.number().int().positive().optional(),
  tasks: z.number().int(),
  /** Success, as a share of tasks: a − b, paired 95% interval. */
  successDiff: Interval,
  /** Tokens delivered per task: a − b, paired 95% interval. */
  deliveredDiff: Interval,
});
export type PairedBenchRow = z.infer<typeof PairedBenchRow>;

/** What bench/coordbench-compare.ts --out writes: the rows, the labels of A and B, and the command. */
export const PairedBenchResults = z.object({
  version: z.literal(1),
  command: z.string(),
  labels: z.tuple([z.string(), z.string()]),
  rows: z.array(PairedBenchRow),
});
export type PairedBenchResults = z.infer<typeof PairedBenchResults>;

const pointOf = (r: RunRecord) => `${r.family}\u0000${r.policy}\u0000${r.budget ?? ''}`;

/**
 * Two coordbench runs (each run's runs.jsonl) paired task by task at each family, policy and budget
 * both ran: how one setting (a per-query limit, a model at its own commit) changes success and the
 * tokens delivered on the same tasks. Refuses runs whose points hold different tasks, and runs that
 * share no point.
 */
export function pairBenchRuns(a: readonly RunRecord[], b: readonly RunRecord[], labels: { a: string; b: string }): PairedBenchRow[] {
  if (labels.a === labels.b) throw new Error(`the two runs need different labels, not ${labels.a} twice`);
  const byPoint = (runs: readonly RunRecord[]) => Map.groupBy(runs, pointOf);
  const pa = byPoint(a);
  const pb = byPoint(b);
  const rows: PairedBenchRow[] = [];
  for (const [point, runsA] of pa) {
    const runsB = pb.get(point);
    if (!runsB) continue;
    const seedsA = runsA.map((r) => r.seed).sort((x, y) => x - y);
    const seedsB = new Map(runsB.map((r) => [r.seed, r]));
    if (seedsA.length !== runsB.length || seedsA.some((s) => !seedsB.has(s))) {
      const [family, policy, budget] = point.split('\u0000');
      throw new Error(`${labels.a} and ${labels.b} ran different tasks for ${family} ${policy}${budget ? ` at ${budget}` : ''}: compare runs of the same split, start and count`);
    }
    const pairs = runsA.map((r) => [r, seedsB.get(r.seed)!] as const);
    const first = runsA[0]!;
    rows.push({
      family: first.family,
      policy: first.policy,
      ...(first.budget === undefined ? {} : { budget: first.budget }),
      tasks: pairs.length,
      successDiff: bootstrapMean(pairs.map(([x, y]) => Number(x.success) - Number(y.success))),
      deliveredDiff: bootstrapMean(pairs.map(([x, y]) => x.delivered - y.delivered)),
    });
  }
  if (rows.length === 0) throw new Error(`${labels.a} and ${labels.b} share no family, policy and budget`);
  return rows;
}

/** x rounded to a whole number, without the "-0" of a small negative. */
const whole = (x: number) => {
  const s = x.toFixed(0);
  return s === '-0' ? '0' : s;
};
const signed = (x: number, f: (x: number) => string) => (f(x) !== '0' && x > 0 ? `+${f(x)}` : f(x));

/** A markdown table of paired rows; "better" needs the success interval above 0 at no more tokens. */
export function pairedBenchTable(rows: readonly PairedBenchRow[], heading: string): string {
  const pts = (x: number) => whole(x * 100);
  const tok = whole;
  const verdict = (r: PairedBenchRow) => {
    if (r.successDiff.low > 0) return r.deliveredDiff.low > 0 ? 'more success, more tokens' : 'better';
    if (r.successDiff.high < 0) return r.deliveredDiff.high < 0 ? 'less success, fewer tokens' : 'worse';
    return 'tie';
  };
  return [
    `| family | policy | budget | tasks | ${heading}: success points (95% CI) | tokens delivered (95% CI) | verdict |`,
    '|---|---|---:|---:|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.family} | ${r.policy} | ${r.budget ?? '—'} | ${r.tasks} | ${signed(r.successDiff.mean, pts)} (${pts(r.successDiff.low)} to ${pts(r.successDiff.high)}) | ` +
        `${signed(r.deliveredDiff.mean, tok)} (${tok(r.deliveredDiff.low)} to ${tok(r.deliveredDiff.high)}) | ${verdict(r)} |`,
    ),
  ].join('\n');
}
