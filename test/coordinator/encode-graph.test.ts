import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// The runtime reaches onnxruntime only through session.ts; this test asks onnxruntime itself which
// kernels it runs for the shipped graph, which session.ts has no reason to expose.
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinManifestPath, readManifest } from '../../runtime/coordinator/manifest.js';
import { openSessions, type CoordinatorSessions } from '../../runtime/coordinator/session.js';

/** training/export.py's encode graph: Gather, ReduceSum, LpNormalization. */
const ENCODE_KERNELS = 3;

describe('the shipped encode graph', () => {
  let sessions: CoordinatorSessions;
  beforeAll(async () => {
    const path = builtinManifestPath();
    sessions = await openSessions(path, await readManifest(path), 'cpu');
  });
  afterAll(() => sessions.release());

  it(`runs in ${ENCODE_KERNELS} kernels once onnxruntime has optimised it, as the runtime opens it`, async () => {
    const path = builtinManifestPath();
    const manifest = await readManifest(path);
    const dir = mkdtempSync(join(tmpdir(), 'coord-encode-profile-'));
    const session = await ort.InferenceSession.create(join(dirname(path), manifest.files.encode.path), {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      enableProfiling: true,
      profileFilePrefix: join(dir, 'encode'),
    });
    await session.run({ ids: new ort.Tensor('int32', Int32Array.of(5, 7, 0), [1, 3]) });
    session.endProfiling();
    await session.release();
    const [file] = readdirSync(dir);
    const events = JSON.parse(readFileSync(join(dir, file!), 'utf8')) as { cat: string; name: string }[];
    rmSync(dir, { recursive: true });
    const kernels = new Set(events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time')).map((e) => e.name));
    expect(kernels.size).toBe(ENCODE_KERNELS);
  });

  it('encodes a row of padding alone to a zero vector, never NaN', async () => {
    const out = await sessions.graphs.encode.run({ ids: { data: new Int32Array(4), dims: [1, 4] } });
    expect(Array.from(out.vectors!.data)).toEqual(new Array<number>(64).fill(0));
  });

  it('gives every row of ids a unit-length latent', async () => {
    const out = await sessions.graphs.encode.run({ ids: { data: Int32Array.of(5, 7, 0, 1234, 0, 0, 20001, 20002, 20003), dims: [3, 3] } });
    const v = out.vectors!.data;
    for (let row = 0; row < 3; row++) {
      const norm = Math.hypot(...Array.from(v.subarray(row * 64, (row + 1) * 64)));
      expect(norm).toBeCloseTo(1, 5);
    }
  });

  it("gives an id twice the latent of the id once, padding adding nothing (a unit-length sum is the unit-length mean)", async () => {
    const once = await sessions.graphs.encode.run({ ids: { data: Int32Array.of(1234, 0, 0), dims: [1, 3] } });
    const twice = await sessions.graphs.encode.run({ ids: { data: Int32Array.of(1234, 1234, 0), dims: [1, 3] } });
    expect(Array.from(once.vectors!.data).some((x) => x !== 0)).toBe(true);
    expect(Array.from(twice.vectors!.data)).toEqual(Array.from(once.vectors!.data));
  });
});
