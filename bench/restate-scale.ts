/**
 * coord on Restate at scale: N concurrent runs of a small function-agent workflow
 * (bench/fixtures/restate-small.coord, three steps) through one restate-server and two
 * `coord serve` workers, against the same N runs on the file engine in one process, in the
 * same invocation. Reports throughput (runs per second, first submit to last result), the
 * overhead of a step (the gap between one step's `turn.finished` and the previous one's, or
 * the run's start: the agents themselves take well under a millisecond) at p50 and p99, and
 * the memory a run waiting on a person holds (bench/fixtures/restate-waiting.coord: resident
 * memory of the server and the workers, after W runs wait, less before, per run).
 *
 *   npm run build && node --import tsx bench/restate-scale.ts --runs 1000 --waiting 1000
 *
 * Writes bench/results/restate/results.json; docs/BENCHMARKS.md has the table.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkWorkflow } from '../src/api/index.js';
import { compileMachine } from '../src/compile/machine.js';
import type { WorkflowIR } from '../src/ir/schema.js';
import { RestateRuns } from '../runtime/engine/restate/client.js';
import { startRestateServer, type RestateServer } from '../runtime/engine/restate/server.js';
import type { RunEvent } from '../runtime/events.js';
import { startRun } from '../runtime/run/run.js';
import { FileRunStore } from '../runtime/store/file-store.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    waiting: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '2' },
    /** Requests to the server in flight at once (submits, results, logs). */
    parallel: { type: 'string', default: '100' },
  },
});
const RUNS = Number(values.runs);
const WAITING = Number(values.waiting);
const WORKERS = Number(values.workers);
const PARALLEL = Number(values.parallel);

async function workflow(file: string): Promise<WorkflowIR> {
  const check = await checkWorkflow(path.join(ROOT, file));
  if (!check.ir) throw new Error(`${file} does not compile`);
  return check.ir;
}

/** Maps `items` through `work`, at most `limit` at a time, keeping order. */
async function pool<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

/** Step overheads of one run: the gaps between its steps' ends, from its start. */
function stepGaps(events: RunEvent[]): number[] {
  const start = events.find((event) => event.type === 'run.started')?.t ?? 0;
  const ends = events.filter((event) => event.type === 'turn.finished').map((event) => event.t);
  return ends.map((t, i) => t - (i === 0 ? start : ends[i - 1]!));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function fileEngine(ir: WorkflowIR, dir: string) {
  const machine = compileMachine(ir);
  const store = new FileRunStore(dir);
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: RUNS }, (_, i) => startRun({ ir, machine, store, runId: `file-${i}` })));
  const wallMs = performance.now() - started;
  if (results.some((r) => r.outcome !== 'done')) throw new Error('a file-engine run did not finish');
  const gaps = results.flatMap((r) => stepGaps(r.events));
  return { runs: RUNS, wallMs, runsPerSecond: RUNS / (wallMs / 1000), stepP50Ms: percentile(gaps, 50), stepP99Ms: percentile(gaps, 99) };
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

async function serve(server: RestateServer, port: number): Promise<ChildProcess> {
  // Its stderr is left out: stopping a worker under waiting runs makes the SDK log every stream it drops.
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/coord.js'), 'serve', '--admin', server.admin, '--port', String(port)], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('coord serve: serving') && resolve());
    child.once('exit', (code) => reject(new Error(`coord serve exited with ${code}`)));
  });
  return child;
}

async function restateEngine(small: WorkflowIR, waiting: WorkflowIR, dataDir: string) {
  const server = await startRestateServer(dataDir, { timeoutMs: 60_000 });
  const workers: ChildProcess[] = [];
  try {
    const port = 20_000 + (process.pid % 20_000);
    for (let i = 0; i < WORKERS; i++) workers.push(await serve(server, port));
    const runs = new RestateRuns(server.ingress);
    const machine = compileMachine(small);
    // One warm-up run, so that registration and the first connection are not timed.
    await runs.submit('warm-up', { ir: small, machine });
    await runs.result('warm-up');

    const ids = Array.from({ length: RUNS }, (_, i) => `small-${i}`);
    const started = performance.now();
    await pool(ids, PARALLEL, (id) => runs.submit(id, { ir: small, machine }));
    const summaries = await pool(ids, PARALLEL, (id) => runs.result(id));
    const wallMs = performance.now() - started;
    if (summaries.some((s) => s.outcome !== 'done')) throw new Error('a Restate run did not finish');
    const logs = await pool(ids, PARALLEL, (id) => runs.log(id));
    const gaps = logs.flatMap((log) => stepGaps(log.records.flatMap((r) => (r.kind === 'event' ? [r.event] : []))));

    // Runs waiting on a person: what the server and the workers hold for each.
    const pids = [server.process.pid!, ...workers.map((w) => w.pid!)];
    const before = pids.map(rssKb);
    const waitingMachine = compileMachine(waiting);
    const waitIds = Array.from({ length: WAITING }, (_, i) => `waiting-${i}`);
    await pool(waitIds, PARALLEL, (id) => runs.submit(id, { ir: waiting, machine: waitingMachine }));
    await pool(waitIds, PARALLEL, async (id) => {
      while ((await runs.status(id)).questions.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    });
    const after = pids.map(rssKb);
    const perRunKb = (after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)) / WAITING;
    return {
      runs: RUNS,
      workers: WORKERS,
      wallMs,
      runsPerSecond: RUNS / (wallMs / 1000),
      stepP50Ms: percentile(gaps, 50),
      stepP99Ms: percentile(gaps, 99),
      waiting: { runs: WAITING, rssBeforeKb: before, rssAfterKb: after, perWaitingRunKb: perRunKb },
    };
  } finally {
    for (const worker of workers) worker.kill('SIGTERM');
    await server.stop();
  }
}

const work = mkdtempSync(path.join(os.tmpdir(), 'coord-restate-scale-'));
try {
  const small = await workflow('bench/fixtures/restate-small.coord');
  const waiting = await workflow('bench/fixtures/restate-waiting.coord');
  const file = await fileEngine(small, path.join(work, 'runs'));
  console.log('file engine', file);
  const restate = await restateEngine(small, waiting, path.join(work, 'restate-data'));
  console.log('restate engine', restate);
  const results = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    loadAverage: os.loadavg(),
    command: `node --import tsx bench/restate-scale.ts --runs ${RUNS} --waiting ${WAITING} --workers ${WORKERS}`,
    file,
    restate,
    ratio: { throughput: restate.runsPerSecond / file.runsPerSecond, stepP50: restate.stepP50Ms / file.stepP50Ms, stepP99: restate.stepP99Ms / file.stepP99Ms },
  };
  mkdirSync(path.join(ROOT, 'bench/results/restate'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench/results/restate/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results.ratio));
} finally {
  rmSync(work, { recursive: true, force: true });
}
