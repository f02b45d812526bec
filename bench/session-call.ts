/**
 * What coord's graph sessions save over onnxruntime-node's `InferenceSession` wrapper: the same
 * session calls (a one-segment encode, a 40-slot score) made through both, in alternating blocks
 * of calls in one process, so load falls on both alike (docs/coordinator.md, "Speed").
 *
 *   node --import tsx bench/session-call.ts [--blocks 40] [--calls 500]
 */
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import ort from 'onnxruntime-node';
import { CROSS_FEATURES } from '../runtime/coordinator/cross-features.js';
import { builtinManifestPath, readManifest } from '../runtime/coordinator/manifest.js';
import { DEFAULT_CPU_THREADS, openSessions, type Feed } from '../runtime/coordinator/session.js';

const { values } = parseArgs({ options: { blocks: { type: 'string', default: '40' }, calls: { type: 'string', default: '500' } } });
const blocks = Number(values.blocks);
const calls = Number(values.calls);

const path = builtinManifestPath();
const manifest = await readManifest(path);
const ours = await openSessions(path, manifest, 'cpu', () => {}, DEFAULT_CPU_THREADS);
const options = { executionProviders: ['cpu'], intraOpNumThreads: DEFAULT_CPU_THREADS, graphOptimizationLevel: 'all', logSeverityLevel: 4 } as const;
const wrapped = {
  encode: await ort.InferenceSession.create(join(dirname(path), manifest.files.encode.path), options),
  score: await ort.InferenceSession.create(join(dirname(path), manifest.files.score.path), options),
};

const ids = Int32Array.from({ length: 24 }, (_, i) => 1 + ((i * 7919) % 20000));
const SLOTS = 40;
const cross = Float32Array.from({ length: SLOTS * CROSS_FEATURES }, (_, i) => ((i * 37) % 11) / 10);
const mask = new Float32Array(SLOTS).fill(1);
const feeds: Record<'encode' | 'score', Feed> = {
  encode: { ids: { data: ids, dims: [1, 24] } },
  score: { cross: { data: cross, dims: [1, SLOTS, CROSS_FEATURES] }, slot_mask: { data: mask, dims: [1, SLOTS] } },
};
const tensors = (feed: Feed) => Object.fromEntries(Object.entries(feed).map(([k, v]) => [k, v.data instanceof Int32Array ? new ort.Tensor('int32', v.data, v.dims) : new ort.Tensor('float32', v.data, v.dims)]));

async function block(call: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await call();
  return Number(process.hrtime.bigint() - start) / calls / 1000;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

console.log(`| graph | InferenceSession, median µs a call | coord's session, median µs | ratio |`);
console.log('|---|---:|---:|---:|');
for (const graph of ['encode', 'score'] as const) {
  const a: number[] = [];
  const b: number[] = [];
  await block(() => ours.graphs[graph].run(feeds[graph]));
  await block(() => wrapped[graph].run(tensors(feeds[graph])));
  for (let i = 0; i < blocks; i++) {
    // Each block's order alternates, so neither side always follows the other.
    const first = i % 2 === 0;
    if (first) a.push(await block(() => wrapped[graph].run(tensors(feeds[graph]))));
    b.push(await block(() => ours.graphs[graph].run(feeds[graph])));
    if (!first) a.push(await block(() => wrapped[graph].run(tensors(feeds[graph]))));
  }
  console.log(`| ${graph} | ${median(a).toFixed(1)} | ${median(b).toFixed(1)} | ${(median(b) / median(a)).toFixed(2)} |`);
}
await Promise.all([ours.release(), wrapped.encode.release(), wrapped.score.release()]);
