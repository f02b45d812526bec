/**
 * Coordinator speed on CPU: per-step latency at batch 1, steps per second at batch 64 and
 * 1,024 (one session call per batch, and through the Batcher from concurrent callers),
 * encode and score costs, and state bytes per run. Medians of repeated runs.
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

async function stepMs(step: GraphRunner, batch: number, stateSize: number, embed: number, repeats: number, segments = SEGMENTS) {
  const feed = {
    state: { data: random(batch * stateSize, 1), dims: [batch, stateSize] },
    segments: { data: random(batch * segments * embed, 2), dims: [batch, segments, embed] },
    segment_mask: { data: new Float32Array(batch * segments).fill(1), dims: [batch, segments] },
  };
  return timeIt(repeats, () => step.run(feed));
}

async function main(): Promise<void> {
  const path = builtinManifestPath();
  const manifest = await readManifest(path);
  const sessions = await openSessions(path, manifest, 'cpu');
  const { stateSize, keySize: key } = manifest;
  const { embed } = manifest.config;
  const rows: [string, string][] = [];

  const b1 = await stepMs(sessions.graphs.step, 1, stateSize, embed, 2000);
  rows.push([`step, batch 1 (${SEGMENTS}-segment message), median latency`, `${(b1 * 1000).toFixed(0)} µs`]);
  for (const batch of [64, 1024]) {
    const ms = await stepMs(sessions.graphs.step, batch, stateSize, embed, batch === 64 ? 500 : 60);
    rows.push([`step, batch ${batch}, one session call`, `${Math.round((batch / ms) * 1000).toLocaleString('en')} steps/s (${ms.toFixed(2)} ms per call)`]);
  }
  const single = await stepMs(sessions.graphs.step, 1024, stateSize, embed, 60, 1);
  rows.push(['step, batch 1024 of 1-segment messages, one session call', `${Math.round((1024 / single) * 1000).toLocaleString('en')} steps/s`]);

  const ids = new Int32Array(1024 * MAX_IDS);
  const featurizer = await readFeaturizer(path, manifest);
  const row = featurizer.ids('The Willow Institute is located in Garrow, a city in Ostmark.', ['from=a', 'to=b']);
  for (let i = 0; i < 1024; i++) ids.set(row, i * MAX_IDS);
  const encodeMs = await timeIt(40, () => sessions.graphs.encode.run({ ids: { data: ids, dims: [1024, MAX_IDS] } }));
  rows.push(['encode, 1,024 segments, one session call', `${Math.round((1024 / encodeMs) * 1000).toLocaleString('en')} segments/s`]);
  const scoreMs = await timeIt(1000, () =>
    sessions.graphs.score.run({
      state: { data: random(stateSize, 3), dims: [1, stateSize] },
      query: { data: random(embed, 4), dims: [1, embed] },
      keys: { data: random(SLOTS * key, 5), dims: [1, SLOTS, key] },
      key_mask: { data: new Float32Array(SLOTS).fill(1), dims: [1, SLOTS] },
      cross: { data: random(SLOTS * CROSS_FEATURES, 6), dims: [1, SLOTS, CROSS_FEATURES] },
    }),
  );
  rows.push([`score, batch 1 over ${SLOTS} memory slots, median latency`, `${(scoreMs * 1000).toFixed(0)} µs`]);

  // Through the runtime's Batcher: 1,024 concurrent runs each submit one step.
  const model = await loadCoordinatorModel('builtin', 'cpu', { maxBatch: 1024 });
  const segments = Array.from({ length: SEGMENTS }, (_, i) => random(embed, 10 + i));
  const state = model.initialState();
  const batchedMs = await timeIt(30, () => Promise.all(Array.from({ length: 1024 }, () => model.step({ state, segments }))));
  rows.push(['step, 1,024 concurrent runs through the Batcher (packing included)', `${Math.round((1024 / batchedMs) * 1000).toLocaleString('en')} steps/s`]);
  const alone = await timeIt(1000, () => model.step({ state, segments }));
  rows.push(['step, one run through the Batcher, median latency', `${(alone * 1000).toFixed(0)} µs`]);
  rows.push(['recurrent state per run', `${stateSize * 4} bytes (${stateSize} float32)`]);
  await sessions.release();

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    '<!-- coordinator:start -->',
    '## Coordinator',
    '',
    `Command: \`node --import tsx bench/coordinator.ts --write\` — onnxruntime-node CPU provider, ${DEFAULT_CPU_THREADS} intra-op thread per session (the runtime's default), on a ${cpus().length}-core ${cpu} shared with other jobs while measured (load average ${loadavg()[0]!.toFixed(1)}); medians of repeated runs. Model: \`models/coordinator.json\` (step sha256 ${manifest.files.step.sha256.slice(0, 12)}…).`,
    '',
    '| measurement | result |',
    '|---|---|',
    ...rows.map(([what, value]) => `| ${what} | ${value} |`),
    '',
    'Targets: ≤ 0.5 ms per step at batch 1, ≥ 100,000 steps/s batched, ≤ 4 KiB state per run. A run\'s `write` is one',
    'encode (one row per segment) plus one step; a readout hop is one encode per query plus one score per channel (docs/coordinator.md#multi-hop-readout).',
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
