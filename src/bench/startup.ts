/**
 * bench/results/startup/results.json (bench/startup.ts): how fast the built CLI starts, and the
 * table docs/BENCHMARKS.md shows from it, against the targets of the performance issue.
 */
import { z } from 'zod';
import { timedRunFields } from './timing-machine.js';

export const StartupCase = z.object({
  name: z.string(),
  /** Medians over `runs` fresh processes. */
  wallMs: z.number().nonnegative(),
  cpuMs: z.number().nonnegative(),
  maxRssMB: z.number().nonnegative(),
  /** Modules the process loaded (ES and CommonJS, Node's own included); a lint from its snapshot loads none in its second process. */
  modules: z.number().int().nonnegative(),
  runs: z.number().int().positive(),
  /** The performance issue's target for this command, when it sets one. */
  target: z.object({ wallMs: z.number().positive(), maxRssMB: z.number().positive().optional() }).optional(),
});
export type StartupCase = z.infer<typeof StartupCase>;

export const StartupResults = z.object({
  ...timedRunFields,
  cases: z.array(StartupCase),
});
export type StartupResults = z.infer<typeof StartupResults>;

const num = (x: number) => Math.round(x).toLocaleString('en-US');

export function startupTable(results: StartupResults): string {
  const lines = ['| command (cold) | wall ms | CPU ms | peak MB | modules | target | met (wall, and memory where set) |', '|---|---:|---:|---:|---:|---|---|'];
  for (const c of results.cases) {
    const target = c.target;
    const goal = target ? `≤ ${num(target.wallMs)} ms${target.maxRssMB ? `, ≤ ${target.maxRssMB} MB` : ''}` : '—';
    const met = target ? (c.wallMs <= target.wallMs && (target.maxRssMB === undefined || c.maxRssMB <= target.maxRssMB) ? 'yes' : '**no**') : '—';
    lines.push(`| ${c.name} | ${num(c.wallMs)} | ${num(c.cpuMs)} | ${num(c.maxRssMB)} | ${num(c.modules)} | ${goal} | ${met} |`);
  }
  return lines.join('\n');
}
