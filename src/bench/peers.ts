/**
 * bench/results/peers/results.json: coord's runtime against LangGraph.js and plain XState on
 * the same workloads (bench/peers/), and the tables docs/BENCHMARKS.md shows from it.
 * Timings are medians over repetitions, each in a fresh process; CPU time (user + system of
 * the whole process, every thread) is the figure compared, since on a shared machine wall
 * time also measures the neighbours. Wall time is kept beside it.
 */
import { z } from 'zod';
import { median } from './stats.js';
import { timedRunFields } from './timing-machine.js';

export const PeerSystem = z.enum(['coord-memory', 'coord-file', 'coord-memory-function', 'langgraph-memorysaver', 'langgraph', 'xstate']);
export type PeerSystem = z.infer<typeof PeerSystem>;

export const PeerWorkload = z.enum(['turns', 'fanout']);
export type PeerWorkload = z.infer<typeof PeerWorkload>;

/** One repetition of one workload at one size, measured in its own process. */
export const PeerSample = z.object({ wallMs: z.number().nonnegative(), cpuMs: z.number().nonnegative() });
export type PeerSample = z.infer<typeof PeerSample>;

export const PeerCell = z.object({
  system: PeerSystem,
  workload: PeerWorkload,
  /** Turns, or branches. */
  n: z.number().int().positive(),
  samples: z.array(PeerSample).min(1),
});
export type PeerCell = z.infer<typeof PeerCell>;

export const PeerResults = z.object({
  ...timedRunFields,
  cells: z.array(PeerCell),
});
export type PeerResults = z.infer<typeof PeerResults>;

export const SYSTEM_LABEL: Record<PeerSystem, string> = {
  'coord-memory': 'coord, memory store',
  'coord-file': 'coord, file store (one fsync per step)',
  'coord-memory-function': 'coord, memory store, agents in worker threads',
  'langgraph-memorysaver': 'LangGraph.js, MemorySaver',
  langgraph: 'LangGraph.js, no checkpointer',
  xstate: 'XState',
};

/** The median CPU and wall time of a cell, in ms; undefined when the results lack it. */
export function medianOf(results: PeerResults, system: PeerSystem, workload: PeerWorkload, n: number): PeerSample | undefined {
  const cell = results.cells.find((c) => c.system === system && c.workload === workload && c.n === n);
  return cell && { cpuMs: median(cell.samples.map((s) => s.cpuMs)), wallMs: median(cell.samples.map((s) => s.wallMs)) };
}

const sizes = (results: PeerResults, workload: PeerWorkload) => [...new Set(results.cells.filter((c) => c.workload === workload).map((c) => c.n))].sort((a, b) => a - b);
const systems = (results: PeerResults, workload: PeerWorkload) => PeerSystem.options.filter((s) => results.cells.some((c) => c.system === s && c.workload === workload));
const num = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** µs per turn (CPU, wall in brackets) for every system and run length. */
export function turnsTable(results: PeerResults): string {
  const ns = sizes(results, 'turns');
  const lines = [`| system | ${ns.map((n) => `${num(n)} turns: µs/turn CPU (wall)`).join(' | ')} |`, `|---|${ns.map(() => '---:').join('|')}|`];
  for (const system of systems(results, 'turns')) {
    const cells = ns.map((n) => {
      const m = medianOf(results, system, 'turns', n);
      return m ? `${num((1000 * m.cpuMs) / n, 1)} (${num((1000 * m.wallMs) / n, 1)})` : '—';
    });
    lines.push(`| ${SYSTEM_LABEL[system]} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** ms per fan-out (CPU, wall in brackets) for every system and branch count. */
export function fanoutTable(results: PeerResults): string {
  const ns = sizes(results, 'fanout');
  const lines = [`| system | ${ns.map((n) => `${num(n)} branches: ms CPU (wall)`).join(' | ')} |`, `|---|${ns.map(() => '---:').join('|')}|`];
  for (const system of systems(results, 'fanout')) {
    const cells = ns.map((n) => {
      const m = medianOf(results, system, 'fanout', n);
      return m ? `${num(m.cpuMs)} (${num(m.wallMs)})` : '—';
    });
    lines.push(`| ${SYSTEM_LABEL[system]} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The issue's targets, each with the ratio this run measured (CPU time) and whether it is met. */
export function targetsTable(results: PeerResults): string {
  const perStep = (system: PeerSystem, n: number) => {
    const m = medianOf(results, system, 'turns', n);
    return m && m.cpuMs / n;
  };
  const fan = (system: PeerSystem, n: number) => medianOf(results, system, 'fanout', n)?.cpuMs;
  const rows: Array<[string, number | undefined, number]> = [];
  for (const n of [1000, 10000]) {
    rows.push([`per turn, ${num(n)} turns: coord memory store / LangGraph MemorySaver`, div(perStep('coord-memory', n), perStep('langgraph-memorysaver', n)), 0.5]);
    rows.push([`per turn, ${num(n)} turns: coord file store / LangGraph MemorySaver`, div(perStep('coord-file', n), perStep('langgraph-memorysaver', n)), 1]);
  }
  const longest = Math.max(...sizes(results, 'turns'));
  rows.push([`per turn, ${num(longest)} turns / 1,000 turns (coord memory store)`, div(perStep('coord-memory', longest), perStep('coord-memory', 1000)), 1.5]);
  rows.push([`per turn, ${num(longest)} turns / 1,000 turns (coord file store)`, div(perStep('coord-file', longest), perStep('coord-file', 1000)), 1.5]);
  rows.push(['fan-out, 10,000 branches / 1,000 (coord)', div(fan('coord-memory', 10000), fan('coord-memory', 1000)), 10]);
  for (const n of [1000, 10000]) rows.push([`fan-out, ${num(n)} branches: coord / LangGraph Send`, div(fan('coord-memory', n), fan('langgraph-memorysaver', n)), 0.5]);
  const lines = ['| figure (CPU time) | measured | target | met |', '|---|---:|---:|---|'];
  for (const [label, value, target] of rows) {
    lines.push(`| ${label} | ${value === undefined ? '—' : `${num(value, 2)}×`} | ≤ ${num(target, 1)}× | ${value === undefined ? '—' : value <= target ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

function div(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a / b;
}
