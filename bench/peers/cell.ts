/**
 * One measurement of bench/peers/run.ts, in a process of its own: a warm-up at 100 (turns
 * or branches), then the workload at `--n`; prints `{ wallMs, cpuMs }` as JSON. CPU time is
 * the whole process's (user + system, every thread) over the measured run only.
 *
 *   node --import tsx bench/peers/cell.ts --system coord-memory --workload turns --n 1000
 */
import { parseArgs } from 'node:util';
import { PeerSystem, PeerWorkload } from '../../src/bench/peers.js';
import { compile, fanoutSource, runCoord, turnsSource, type CoordAgents, type CoordStore } from './coord.js';
import { runLangGraphFanOut, runLangGraphTurns } from './langgraph.js';
import { runXStateTurns } from './xstate.js';

const { values } = parseArgs({ options: { system: { type: 'string' }, workload: { type: 'string' }, n: { type: 'string' } } });
const system = PeerSystem.parse(values.system);
const workload = PeerWorkload.parse(values.workload);
const n = Number(values.n);

/** The workload at `size`, ready to run: coord's workflow is compiled first, as `coord run` checks before it runs. */
async function prepare(size: number): Promise<() => Promise<unknown>> {
  if (system === 'langgraph-memorysaver' || system === 'langgraph') {
    const saver = system === 'langgraph' ? 'none' : 'memory-saver';
    return () => (workload === 'turns' ? runLangGraphTurns(size, saver) : runLangGraphFanOut(size, saver));
  }
  if (system === 'xstate') {
    if (workload !== 'turns') throw new Error('bench/peers: XState runs the turns workload only');
    return () => runXStateTurns(size);
  }
  const workflow = workload === 'turns' ? await compile(turnsSource(size), 'pingpong') : await compile(fanoutSource(size), 'fanout');
  const input = workload === 'turns' ? { turns: Math.max(1, Math.floor(size / 2)) } : { branches: size };
  const store: CoordStore = system === 'coord-file' ? 'file' : 'memory';
  const agents: CoordAgents = system === 'coord-memory-function' ? 'function' : 'in-process';
  return () => runCoord(workflow, input, store, agents);
}

await (await prepare(100))();
const measured = await measure(await prepare(n));
process.stdout.write(`${JSON.stringify(measured)}\n`);

async function measure(run: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}
