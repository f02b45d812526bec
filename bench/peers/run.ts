/**
 * coord's runtime against its peers, on the same workloads with the same functions
 * (bench/peers/agents/): two agents passing a small message for N turns, and one agent
 * fanning out to N branches. coord (startRun, memory store or file store), LangGraph.js
 * (StateGraph, MemorySaver or no checkpointer; Send for the fan-out) and plain XState
 * (invoked promise actors: the floor). Each repetition runs in a fresh process
 * (bench/peers/cell.ts: a warm-up at 100, then the measured run); the repetitions of every
 * cell are interleaved, so a busy moment of the machine falls on all systems alike; runs of
 * 10,000 turns or branches and more are made once. Prints
 * the tables and the ratios against the targets, and writes bench/results/peers/results.json.
 * `--workloads fanout` (or `turns`) runs one workload's cells only, into the file `--out` names.
 *
 *   node --import tsx bench/peers/run.ts [--reps 3] [--long 100000] [--workloads turns,fanout] [--out file]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { thisMachine } from '../../src/bench/timing-machine.js';
import { fanoutTable, PeerSample, PeerWorkload, targetsTable, turnsTable, type PeerCell, type PeerResults, type PeerSystem } from '../../src/bench/peers.js';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    long: { type: 'string', default: '100000' },
    workloads: { type: 'string', default: 'turns,fanout' },
    out: { type: 'string', default: 'bench/results/peers/results.json' },
  },
});
const reps = Number(values.reps);
const long = Number(values.long);
const workloads = new Set(values.workloads.split(',').map((w) => PeerWorkload.parse(w.trim())));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const plan: Array<Omit<PeerCell, 'samples'>> = [];
if (workloads.has('turns')) {
  for (const n of [1000, 10000]) {
    for (const system of ['coord-memory', 'coord-file', 'coord-memory-function', 'langgraph-memorysaver', 'langgraph', 'xstate'] as PeerSystem[]) plan.push({ system, workload: 'turns', n });
  }
  // The flatness check: coord alone at the long run (LangGraph would take minutes there).
  for (const system of ['coord-memory', 'coord-file'] as PeerSystem[]) plan.push({ system, workload: 'turns', n: long });
}
if (workloads.has('fanout')) {
  // LangGraph's Send at 10,000 branches takes a minute or more of CPU, made once like every 10,000 cell:
  // its runner races every task still running each time one settles, so a branch costs more the more there are.
  for (const n of [1000, 10000]) for (const system of ['coord-memory', 'langgraph-memorysaver'] as PeerSystem[]) plan.push({ system, workload: 'fanout', n });
}

function measure(cell: Omit<PeerCell, 'samples'>): PeerSample {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/peers/cell.ts', '--system', cell.system, '--workload', cell.workload, '--n', String(cell.n)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return PeerSample.parse(JSON.parse(out.trim().split('\n').at(-1)!));
}

const started = Date.now();
const samples = new Map(plan.map((cell) => [cell, [] as PeerSample[]]));
for (let rep = 0; rep < reps; rep++) {
  for (const cell of plan) {
    // Runs of 10,000 and more once: one such run is itself an average over its many steps.
    if (rep > 0 && cell.n >= 10000) continue;
    const sample = measure(cell);
    samples.get(cell)!.push(sample);
    process.stderr.write(`${cell.system} ${cell.workload} ${cell.n}: ${sample.cpuMs.toFixed(0)} ms CPU, ${sample.wallMs.toFixed(0)} ms wall (${Math.round((Date.now() - started) / 1000)} s)\n`);
  }
}

const results: PeerResults = {
  version: 1,
  command: `node --import tsx bench/peers/run.ts --reps ${reps} --long ${long}${workloads.size < PeerWorkload.options.length ? ` --workloads ${[...workloads].join(',')}` : ''}`,
  measuredAt: new Date().toISOString(),
  machine: thisMachine(),
  cells: plan.map((cell) => ({ ...cell, samples: samples.get(cell)! })),
};
mkdirSync(path.dirname(path.resolve(ROOT, values.out)), { recursive: true });
writeFileSync(path.resolve(ROOT, values.out), `${JSON.stringify(results, null, 2)}\n`);
console.log(`${turnsTable(results)}\n\n${fanoutTable(results)}\n\n${targetsTable(results)}`);
