/**
 * bench/results/agent-threads/results.json (bench/agent-threads.ts): how long function agents'
 * threads take to start and load their TypeScript modules, without the compile cache, with an
 * empty one and with one an earlier run filled (runtime/agents/compile-cache.ts), and the table
 * docs/BENCHMARKS.md shows from it.
 */
import { z } from 'zod';
import { timedRunFields } from './timing-machine.js';

export const AgentThreadsCache = z.enum(['none', 'cold', 'warm']);
export type AgentThreadsCache = z.infer<typeof AgentThreadsCache>;

export const AgentThreadsCase = z.object({
  /** How many agent modules, each in its own thread, started side by side. */
  agents: z.number().int().positive(),
  cache: AgentThreadsCache,
  /** Medians over `runs` fresh processes, from the first thread's start to the last module loaded. */
  wallMs: z.number().nonnegative(),
  /** CPU of the whole process (every thread) over the same span. */
  cpuMs: z.number().nonnegative(),
  runs: z.number().int().positive(),
});
export type AgentThreadsCase = z.infer<typeof AgentThreadsCase>;

export const AgentThreadsResults = z.object({
  ...timedRunFields,
  cases: z.array(AgentThreadsCase),
});
export type AgentThreadsResults = z.infer<typeof AgentThreadsResults>;

const CACHE_WORDS: Record<AgentThreadsCache, string> = {
  none: 'none (`NODE_DISABLE_COMPILE_CACHE=1`: as before)',
  cold: 'empty (a first run)',
  warm: 'filled by an earlier run',
};

/** One row per case; each ratio is against the case without the cache for as many agents. */
export function agentThreadsTable(results: AgentThreadsResults): string {
  const lines = ['| agents | compile cache | wall ms | CPU ms | wall / none | CPU / none |', '|---:|---|---:|---:|---:|---:|'];
  for (const c of results.cases) {
    const none = results.cases.find((other) => other.agents === c.agents && other.cache === 'none');
    const ratio = (x: number, y: number | undefined) => (y ? (x / y).toFixed(2) : '—');
    lines.push(`| ${c.agents} | ${CACHE_WORDS[c.cache]} | ${c.wallMs.toFixed(0)} | ${c.cpuMs.toFixed(0)} | ${ratio(c.wallMs, none?.wallMs)} | ${ratio(c.cpuMs, none?.cpuMs)} |`);
  }
  return lines.join('\n');
}
