/**
 * bench/results/hybrid-routing/results.json: hybrid routings (per segment, the message gate,
 * always and never send) on the same coordbench tasks, and the tables docs/BENCHMARKS.md renders
 * from it. Written by bench/hybrid-routing.ts at commit 68fe67e; per-segment routing did not earn
 * its place and was removed with its script (docs/BENCHMARKS.md says how to rerun it).
 */
import { z } from 'zod';
import { Interval } from './readout-eval/summary.js';

export const RoutingChoice = z.object({
  split: z.literal('validation'),
  count: z.number().int(),
  gateThreshold: z.number(),
  grid: z.array(z.object({ gateThreshold: z.number(), success: z.number(), delivered: z.number() })),
});
export type RoutingChoice = z.infer<typeof RoutingChoice>;

export const HybridRoutingResults = z.object({
  command: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  count: z.number().int(),
  choice: RoutingChoice,
  rows: z.array(z.object({ family: z.string(), budget: z.number().int(), routing: z.string(), tasks: z.number().int(), success: Interval, delivered: Interval })),
  /** The per-segment router minus each other routing, per task at the same budget. */
  paired: z.array(
    z.object({ family: z.string(), budget: z.number().int(), baseline: z.string(), tasks: z.number().int(), successDiff: Interval, deliveredDiff: Interval }),
  ),
});
export type HybridRoutingResults = z.infer<typeof HybridRoutingResults>;

const pct = (x: number) => (100 * x).toFixed(1);
const ci = (i: Interval, f: (x: number) => string) => `${f(i.mean)} (${f(i.low)}–${f(i.high)})`;
type Interval = z.infer<typeof Interval>;

/** Success and delivered tokens of every routing, one row per family and budget. */
export function routingTable(results: HybridRoutingResults): string {
  const routings = [...new Set(results.rows.map((r) => r.routing))];
  const lines = [`| family | budget | ${routings.map((r) => `${r}: success · delivered`).join(' | ')} |`, `|---|---:|${routings.map(() => '---').join('|')}|`];
  for (const [group, rows] of Map.groupBy(results.rows, (r) => `${r.family}\u0000${r.budget}`)) {
    const [family, budget] = group.split('\u0000');
    const cells = routings.map((name) => {
      const r = rows.find((x) => x.routing === name);
      return r ? `${ci(r.success, pct)}% · ${r.delivered.mean.toFixed(0)}` : '—';
    });
    lines.push(`| ${family} | ${budget} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function verdict(p: HybridRoutingResults['paired'][number]): string {
  const fewer = p.deliveredDiff.high < 0;
  const more = p.deliveredDiff.low > 0;
  if (p.successDiff.low > 0) return more ? 'more success, more tokens' : 'better';
  if (p.successDiff.high < 0) return fewer ? 'less success, fewer tokens' : 'worse';
  return fewer ? 'same success, fewer tokens' : more ? 'same success, more tokens' : 'tie';
}

/** The per-segment router minus each baseline, paired per task: success points and tokens, 95% intervals. */
export function routingPairedTable(results: HybridRoutingResults): string {
  const lines = ['| family | budget | segment − | success points (95% CI) | tokens delivered (95% CI) | verdict |', '|---|---:|---|---|---|---|'];
  for (const p of results.paired) {
    lines.push(`| ${p.family} | ${p.budget} | ${p.baseline} | ${ci(p.successDiff, pct)} | ${ci(p.deliveredDiff, (x) => x.toFixed(0))} | ${verdict(p)} |`);
  }
  return lines.join('\n');
}

export function routingReport(results: HybridRoutingResults): string {
  return [
    `# Hybrid routing on coordbench (test, ${results.count} tasks per family)`,
    '',
    `Command: \`${results.command}\`, after \`--choose\` picked the per-segment gate threshold ${results.choice.gateThreshold} on validation. Readouts filled in score order.`,
    '',
    routingTable(results),
    '',
    '## Per-segment routing minus each other routing, paired per task',
    '',
    routingPairedTable(results),
    '',
  ].join('\n');
}
