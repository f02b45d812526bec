/**
 * Coordinator speed on CPU: a message's write (one encode call: its segments' latents) at batch 1,
 * straight on the session and through the runtime; writes batched across concurrent runs; the
 * score call of a readout hop, and a whole hop (cross features included). Medians of repeated
 * calls, taken in rounds across all cases, from one run of this script.
 *
 *   node --import tsx bench/coordinator.ts [--write] [--baseline <git revision>] [--processes N]
 *
 * Each of N fresh processes (default 5, one after another) makes the whole measurement, and a
 * case's figure is the median of the processes' medians, their range beside it: on a VM one
 * process's calls can run a third faster or slower than the next one's throughout.
 * --write saves bench/results/coordinator/results.json and renders its table in docs/BENCHMARKS.md.
 * --baseline also times a write at batch 1 against the same write with the model files as that git
 * revision shipped them: an A/B of two encode graphs, their calls alternated one by one (a revision
 * whose manifest this coord reads: format 4, since v4).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CROSS_FEATURES } from '../runtime/coordinator/cross-features.js';
import { segmentTags } from '../runtime/coordinator/features.js';
import { loadCoordinatorModel, RunCoordinator } from '../runtime/coordinator/index.js';
import { builtinManifestPath, CoordinatorManifest, MANIFEST_FILE, readManifest } from '../runtime/coordinator/manifest.js';
import { encodeCalls, packIds } from '../runtime/coordinator/model.js';
import { DEFAULT_CPU_THREADS, openSessions, WIDE_ENCODE_IDS, wideThreads } from '../runtime/coordinator/session.js';
import type { CoordinatorMessage } from '../runtime/coordinator/types.js';
import type { Channel } from '../src/ir/schema.js';
import { renderBlocks } from '../src/bench/benchmark-blocks.js';
import { combineProcesses, coordinatorBaselineTable, CoordinatorSpeedResults, coordinatorSpeedTable, type CoordinatorSpeedCase, type CoordinatorSpeedPair } from '../src/bench/coordinator-speed.js';
import { median } from '../src/bench/stats.js';
import { thisMachine } from '../src/bench/timing-machine.js';

const SEGMENTS = 7; // a typical coordbench message
const SLOTS = 40; // a typical memory at readout time
const CONCURRENT = 1024; // runs writing at once
const root = path.resolve(import.meta.dirname, '..');
const TEXTS = [
  'The Willow Institute is located in Garrow, a city in Ostmark.',
  'Dmitri works at the Willow Institute.',
  'Actually, the review moved to Thursday at 3pm, not Tuesday.',
  'Cosmo is mentored by Dmitri, who joined last spring.',
  'Priya can only do mornings and cannot travel before the 14th.',
  'The budget is capped at 4,200 euros for the whole trip.',
  'Hope this helps, ping me if anything else comes up.',
];

/** A case to time: its row in the results, and the call to repeat. */
interface Timed extends Omit<CoordinatorSpeedCase, 'medianUs'> {
  call: () => Promise<unknown> | unknown;
}

const ROUNDS = 50;

/**
 * Times every case in ROUNDS rounds, each case taking its turn in every round (a few ms at a time), so that a burst of
 * load from other jobs falls on all cases alike rather than on whichever ran at the time. Each round starts one case
 * later than the one before, so that no case always follows the same one (a case run just after the batched ones
 * was slower in every round: their garbage and cache misses fell on it).
 * Medians over all of a case's timed calls, after a warm-up.
 */
async function measure(timed: readonly Timed[]): Promise<CoordinatorSpeedCase[]> {
  for (const t of timed) for (let i = 0; i < Math.min(50, t.repeats); i++) await t.call();
  const times = timed.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let turn = 0; turn < timed.length; turn++) {
      const k = (round + turn) % timed.length;
      const t = timed[k]!;
      for (let i = 0; i < Math.ceil(t.repeats / ROUNDS); i++) {
        const start = performance.now();
        await t.call();
        times[k]!.push(performance.now() - start);
      }
    }
  }
  return timed.map(({ call: _call, ...c }, k) => ({ ...c, repeats: times[k]!.length, medianUs: median(times[k]!) * 1000 }));
}

interface Pair {
  name: string;
  call: () => Promise<unknown>;
  baseline: () => Promise<unknown>;
  repeats: number;
}

/**
 * An A/B: each pair's two calls alternate one by one, which goes first swapping every time, so that
 * load, garbage and caches fall on both alike; the medians of each and the median of their differences.
 */
async function measurePairs(pairs: readonly Pair[]): Promise<CoordinatorSpeedPair[]> {
  for (const p of pairs) {
    for (let i = 0; i < 200; i++) {
      await p.call();
      await p.baseline();
    }
  }
  const results: CoordinatorSpeedPair[] = [];
  for (const p of pairs) {
    const own: number[] = [];
    const other: number[] = [];
    for (let i = 0; i < p.repeats; i++) {
      for (const [call, times] of i % 2 ? ([[p.baseline, other], [p.call, own]] as const) : ([[p.call, own], [p.baseline, other]] as const)) {
        const start = performance.now();
        await call();
        times.push(performance.now() - start);
      }
    }
    results.push({
      name: p.name,
      repeats: p.repeats,
      medianUs: median(own) * 1000,
      baselineMedianUs: median(other) * 1000,
      medianDifferenceUs: median(own.map((t, i) => t - other[i]!)) * 1000,
    });
  }
  return results;
}

function random(n: number, seed: number): Float32Array {
  let x = seed;
  return Float32Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x / 2147483648 - 0.5) * 0.2;
  });
}

const channel: Channel = { id: 'a->b', from: 'a', to: 'b', mode: 'latent', budget: {}, readout: 600, compress: { method: 'none' }, overflow: 'truncate' };

function message(id: string, texts: readonly string[]): CoordinatorMessage {
  const segments = texts.map((text, index) => ({ index, text, tokens: text.split(' ').length }));
  return { id, channel, from: 'a', to: 'b', text: texts.join(' '), segments };
}

/** The model files as git `revision` has them in models/, copied to a temporary folder: that folder's manifest path. */
async function modelAt(revision: string): Promise<string> {
  const show = (file: string) => execFileSync('git', ['show', `${revision}:models/${file}`], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  const manifest = CoordinatorManifest.parse(JSON.parse(show(MANIFEST_FILE).toString('utf8')));
  const dir = await mkdtemp(path.join(tmpdir(), 'coord-baseline-'));
  for (const file of [MANIFEST_FILE, manifest.files.encode.path, manifest.files.score.path, manifest.features.vocabulary.path]) {
    await writeFile(path.join(dir, file), show(file));
  }
  return path.join(dir, MANIFEST_FILE);
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

type Measured = Pick<CoordinatorSpeedResults, 'cases' | 'baseline' | 'encodeSha256'>;

/** The whole measurement, in this process. */
async function measureHere(): Promise<Measured> {
  const model = await loadCoordinatorModel('builtin', 'cpu', { maxBatch: CONCURRENT * SEGMENTS });
  const manifestPath = builtinManifestPath();
  const sessions = await openSessions(manifestPath, await readManifest(manifestPath), 'cpu');
  const { encode, score } = sessions.graphs;
  const ids = TEXTS.map((text) => model.featurizer.ids(text, segmentTags('a', 'b')));
  const timed: Timed[] = [];

  // Straight on the encode session, with the ids packed as the runtime packs them.
  const one = { ids: packIds(ids.slice(0, 1)) };
  const seven = { ids: packIds(ids) };
  const many = Array.from({ length: CONCURRENT }, (_, i) => ids[i % SEGMENTS]!);
  const { end: largest } = encodeCalls(many)[0]!;
  const full = { ids: packIds(many.slice(0, largest)) };
  timed.push({ name: 'write, one 1-segment message, one encode session call', call: () => encode.run(one), repeats: 3000, steps: 1, target: { maxUs: 30 } });
  timed.push({ name: `write, one ${SEGMENTS}-segment message, one encode session call`, call: () => encode.run(seven), repeats: 3000, steps: SEGMENTS });
  timed.push({ name: `encode session call of ${largest} segments (the most the runtime packs into one call of these)`, call: () => encode.run(full), repeats: 300, steps: largest, rate: 'segments/s' });

  // Through the runtime: RunCoordinator.write featurizes, batches (alone here), encodes and stores.
  const run = new RunCoordinator(model, 'bench');
  let written = 0;
  timed.push({ name: "write through the runtime, one run's 1-segment message (featurize, batch, encode, store)", call: () => run.write(message(`m${written++}`, TEXTS.slice(0, 1))), repeats: 3000, steps: 1, target: { maxUs: 30 } });
  timed.push({ name: `write through the runtime, one run's ${SEGMENTS}-segment message`, call: () => run.write(message(`m${written++}`, TEXTS)), repeats: 2000, steps: SEGMENTS });
  timed.push({ name: 'featurize one segment (text → ids, TypeScript)', call: () => model.featurizer.ids(TEXTS[0]!, segmentTags('a', 'b')), repeats: 5000, steps: 1 });

  // Batched across runs: CONCURRENT runs each write one message at once, ids given (the model's work).
  const writeAll = (rows: Int32Array[]) => () => Promise.all(Array.from({ length: CONCURRENT }, () => model.encode(rows)));
  timed.push({ name: `write, ${num(CONCURRENT)} concurrent runs' 1-segment messages through the batcher`, call: writeAll(ids.slice(0, 1)), repeats: 100, steps: CONCURRENT, rate: 'steps/s', target: { minPerSecond: 300_000 } });
  timed.push({ name: `write, ${num(CONCURRENT)} concurrent runs' ${SEGMENTS}-segment messages through the batcher`, call: writeAll(ids), repeats: 20, steps: CONCURRENT, rate: 'messages/s' });

  // A readout hop: the score session call alone, then the runtime's whole hop over a full memory.
  const scoreFeed = {
    cross: { data: random(SLOTS * CROSS_FEATURES, 6), dims: [1, SLOTS, CROSS_FEATURES] },
    slot_mask: { data: new Float32Array(SLOTS).fill(1), dims: [1, SLOTS] },
  };
  timed.push({ name: `score, batch 1 over ${SLOTS} memory slots, one score session call`, call: () => score.run(scoreFeed), repeats: 3000, steps: SLOTS });
  const hop = new RunCoordinator(model, 'hop');
  for (let i = 0; i < SLOTS; i++) await hop.write(message(`h${i}`, [`${TEXTS[i % SEGMENTS]} (note ${i})`]));
  const query = { receiver: 'b', channel, query: 'Which city is the Willow Institute in, and when is the review?', budgetTokens: 600, countTokens: (t: string) => t.split(' ').length };
  timed.push({ name: `readout hop over ${SLOTS} slots through the runtime (cross features, score)`, call: () => hop.rank(query), repeats: 1000, steps: SLOTS });
  const cases = await measure(timed);

  // The A/B against --baseline's model files: the same two writes at batch 1, with each encode graph.
  const revision = option('--baseline');
  let baseline: CoordinatorSpeedResults['baseline'];
  if (revision !== undefined) {
    const baselinePath = await modelAt(revision);
    const other = await openSessions(baselinePath, await readManifest(baselinePath), 'cpu');
    const otherModel = await loadCoordinatorModel(baselinePath, 'cpu');
    const otherRun = new RunCoordinator(otherModel, 'baseline');
    const pairs = await measurePairs([
      { name: 'write, one 1-segment message, one encode session call', call: () => encode.run(one), baseline: () => other.graphs.encode.run(one), repeats: 8000 },
      {
        name: "write through the runtime, one run's 1-segment message",
        call: () => run.write(message(`m${written++}`, TEXTS.slice(0, 1))),
        baseline: () => otherRun.write(message(`m${written++}`, TEXTS.slice(0, 1))),
        repeats: 8000,
      },
    ]);
    baseline = { revision, encodeSha256: other.sha256.encode, pairs };
    await Promise.all([otherModel.release(), other.release()]);
    await rm(path.dirname(baselinePath), { recursive: true });
  }
  await Promise.all([model.release(), sessions.release()]);
  return { cases, baseline, encodeSha256: model.sha256.encode };
}

async function main(): Promise<void> {
  if (process.argv.includes('--child')) {
    process.stdout.write(`${JSON.stringify(await measureHere())}\n`);
    return;
  }
  const processes = Number(option('--processes') ?? 5);
  if (!Number.isInteger(processes) || processes < 1) throw new Error('--processes takes a whole number of processes, 1 or more');
  const args = process.argv.slice(2).filter((a, i, all) => a !== '--write' && a !== '--processes' && all[i - 1] !== '--processes');
  const runs: Measured[] = [];
  for (let i = 0; i < processes; i++) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'coordinator.ts'), ...args, '--child'], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`a measuring process failed: ${child.stderr.trim()}`);
    runs.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Measured);
    console.error(`process ${i + 1} of ${processes}: ${runs.at(-1)!.cases.map((c) => c.medianUs.toFixed(1)).join(' ')} µs`);
  }
  const results = CoordinatorSpeedResults.parse({
    version: 1,
    command: ['node --import tsx bench/coordinator.ts', ...process.argv.slice(2)].join(' '),
    measuredAt: new Date().toISOString(),
    machine: thisMachine(),
    processes,
    threads: DEFAULT_CPU_THREADS,
    ...(wideThreads() > DEFAULT_CPU_THREADS ? { wideEncode: { threads: wideThreads(), fromIds: WIDE_ENCODE_IDS } } : {}),
    encodeSha256: runs[0]!.encodeSha256,
    ...combineProcesses(runs),
  });
  const { baseline } = results;
  console.log(`\n${coordinatorSpeedTable(results)}${baseline ? `\n\n${coordinatorBaselineTable(results)}` : ''}\nload average ${results.machine.loadAverage}`);
  if (process.argv.includes('--write')) {
    const dir = path.join(root, 'bench', 'results', 'coordinator');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
    const doc = path.join(root, 'docs', 'BENCHMARKS.md');
    await writeFile(doc, await renderBlocks(root, await readFile(doc, 'utf8')));
  }
}

function num(x: number): string {
  return x.toLocaleString('en-US');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
