/**
 * Coordinator speed on CPU: a message's write (one encode call: its segments' keys) at batch 1
 * and batched (one session call, and through the Batcher from concurrent runs), and the score
 * call of a readout hop. Medians of repeated runs.
 *
 *   node --import tsx bench/coordinator.ts [--write]     # --write updates docs/BENCHMARKS.md
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadCoordinatorModel } from '../runtime/coordinator/index.js';
import { MAX_IDS } from '../runtime/coordinator/features.js';
import { CROSS_FEATURES } from '../runtime/coordinator/cross-features.js';
import { readFeaturizer } from '../runtime/coordinator/manifest.js';
import { builtinManifestPath, readManifest } from '../runtime/coordinator/manifest.js';
import { DEFAULT_CPU_THREADS, openSessions, type GraphRunner } from '../runtime/coordinator/session.js';

const SEGMENTS = 7; // a typical coordbench message
const SLOTS = 40; // a typical memory at readout time

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeIt(repeats: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(20, repeats); i++) await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

function random(n: number, seed: number): Float32Array {
  let x = seed;
  return Float32Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x / 2147483648 - 0.5) * 0.2;
  });
}

/** One write of `batch` messages of `segments` segments each, straight on the session: one encode call. */
async function writeMs(encode: GraphRunner, ids: Int32Array, batch: number, segments: number, repeats: number) {
  const feed = { ids: { data: ids.subarray(0, batch * segments * MAX_IDS), dims: [batch * segments, MAX_IDS] } };
  return timeIt(repeats, () => encode.run(feed));
}

async function main(): Promise<void> {
  const path = builtinManifestPath();
  const manifest = await readManifest(path);
  const sessions = await openSessions(path, manifest, 'cpu');
  const { keySize: key } = manifest;
  const { embed } = manifest.config;
  const rows: [string, string][] = [];
  const featurizer = await readFeaturizer(path, manifest);
  const row = featurizer.ids('The Willow Institute is located in Garrow, a city in Ostmark.', ['from=a', 'to=b']);
  const ids = new Int32Array(1024 * SEGMENTS * MAX_IDS);
  for (let i = 0; i < 1024 * SEGMENTS; i++) ids.set(row, i * MAX_IDS);
  const { encode, score } = sessions.graphs;

  const b1 = await writeMs(encode, ids, 1, SEGMENTS, 2000);
  rows.push([`write, one ${SEGMENTS}-segment message, one session call, median latency`, `${(b1 * 1000).toFixed(0)} µs`]);
  const one = await writeMs(encode, ids, 1, 1, 2000);
  rows.push(['write, one 1-segment message, one session call, median latency', `${(one * 1000).toFixed(0)} µs`]);
  for (const batch of [64, 1024]) {
    const ms = await writeMs(encode, ids, batch, SEGMENTS, batch === 64 ? 300 : 30);
    rows.push([`write, ${batch} ${SEGMENTS}-segment messages, one session call`, `${Math.round((batch / ms) * 1000).toLocaleString('en')} messages/s (${ms.toFixed(2)} ms per call)`]);
  }
  const single = await writeMs(encode, ids, 1024, 1, 60);
  rows.push(['write, 1,024 1-segment messages, one session call', `${Math.round((1024 / single) * 1000).toLocaleString('en')} messages/s`]);

  const scoreMs = await timeIt(1000, () =>
    score.run({
      query: { data: random(embed, 4), dims: [1, embed] },
      keys: { data: random(SLOTS * key, 5), dims: [1, SLOTS, key] },
      key_mask: { data: new Float32Array(SLOTS).fill(1), dims: [1, SLOTS] },
      cross: { data: random(SLOTS * CROSS_FEATURES, 6), dims: [1, SLOTS, CROSS_FEATURES] },
    }),
  );
  rows.push([`score, batch 1 over ${SLOTS} memory slots, median latency`, `${(scoreMs * 1000).toFixed(0)} µs`]);

  // Through the runtime's Batcher: 1,024 concurrent runs each write one message.
  const model = await loadCoordinatorModel('builtin', 'cpu', { maxBatch: 1024 });
  const segmentIds = Array.from({ length: SEGMENTS }, () => row);
  const writeOne = () => model.keys(segmentIds);
  const batchedMs = await timeIt(30, () => Promise.all(Array.from({ length: 1024 }, writeOne)));
  rows.push([`write, 1,024 concurrent runs of one ${SEGMENTS}-segment message through the Batcher (packing included)`, `${Math.round((1024 / batchedMs) * 1000).toLocaleString('en')} messages/s`]);
  const alone = await timeIt(1000, writeOne);
  rows.push([`write, one run's ${SEGMENTS}-segment message through the Batcher, median latency`, `${(alone * 1000).toFixed(0)} µs`]);
  rows.push(['memory per written segment', `${key * 4} bytes of key (${key} float32) beside its text; no recurrent state`]);
  await sessions.release();

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    '<!-- coordinator:start -->',
    '## Coordinator',
    '',
    `Command: \`node --import tsx bench/coordinator.ts --write\` — onnxruntime-node CPU provider, ${DEFAULT_CPU_THREADS} intra-op thread per session (the runtime's default), on a ${cpus().length}-core ${cpu} shared with other jobs while measured (load average ${loadavg()[0]!.toFixed(1)}); medians of repeated runs. Model: \`models/coordinator.json\` (encode sha256 ${manifest.files.encode.sha256.slice(0, 12)}…).`,
    '',
    '| measurement | result |',
    '|---|---|',
    ...rows.map(([what, value]) => `| ${what} | ${value} |`),
    '',
    "A run's `write` is one encode call (one row per segment); a readout hop is one encode per new query plus one score call per channel (docs/coordinator.md#multi-hop-readout).",
    '<!-- coordinator:end -->',
  ].join('\n');
  console.log(section);
  if (process.argv.includes('--write')) {
    const file = new URL('../docs/BENCHMARKS.md', import.meta.url);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    const marked = /<!-- coordinator:start -->[\s\S]*<!-- coordinator:end -->/;
    writeFileSync(file, marked.test(current) ? current.replace(marked, section) : `${current.trimEnd()}\n\n${section}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
