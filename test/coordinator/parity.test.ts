import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinManifestPath, readManifest, type CoordinatorManifest } from '../../runtime/coordinator/manifest.js';
import { openSessions, type CoordinatorSessions } from '../../runtime/coordinator/session.js';
import { CROSS_FEATURES } from '../../runtime/coordinator/cross-features.js';

/** Written by training/parity.py from the PyTorch model the shipped ONNX files were exported from. */
interface Parity {
  tolerance: number;
  config: { embed: number; keySize: number };
  modelSha256: Record<string, string>;
  encode: { ids: number[]; shape: [number, number]; vectors: number[]; keys: number[] };
  score: { query: number[]; keys: number[]; keyMask: number[]; cross: number[]; batch: number; slots: number; scores: number[] };
}
const parity = JSON.parse(
  readFileSync(new URL('../fixtures/coordinator/parity.json', import.meta.url), 'utf8'),
) as Parity;
const MASKED = -1e4;

function expectClose(actual: ArrayLike<number>, expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  expect(worst, `${what}: largest difference from PyTorch`).toBeLessThanOrEqual(parity.tolerance);
}

describe('shipped ONNX coordinator against PyTorch', () => {
  let manifest: CoordinatorManifest;
  let sessions: CoordinatorSessions;
  beforeAll(async () => {
    const path = builtinManifestPath();
    manifest = await readManifest(path);
    sessions = await openSessions(path, manifest, 'cpu');
  });

  it('is the model the parity fixture was written for', () => {
    expect(parity.modelSha256).toEqual(sessions.sha256);
  });

  it('encodes feature ids to the same vectors and memory keys', async () => {
    const out = await sessions.graphs.encode.run({ ids: { data: Int32Array.from(parity.encode.ids), dims: parity.encode.shape } });
    expectClose(out.vectors!.data, parity.encode.vectors, 'vectors');
    expectClose(out.keys!.data, parity.encode.keys, 'keys');
  });

  it('scores memory slots the same, and masks padded slots', async () => {
    const { batch, slots } = parity.score;
    const out = await sessions.graphs.score.run({
      query: { data: Float32Array.from(parity.score.query), dims: [batch, parity.config.embed] },
      keys: { data: Float32Array.from(parity.score.keys), dims: [batch, slots, parity.config.keySize] },
      key_mask: { data: Float32Array.from(parity.score.keyMask), dims: [batch, slots] },
      cross: { data: Float32Array.from(parity.score.cross), dims: [batch, slots, CROSS_FEATURES] },
    });
    const scores = out.scores!.data;
    const live = parity.score.keyMask.map((m, i) => (m === 1 ? i : -1)).filter((i) => i >= 0);
    expectClose(live.map((i) => scores[i]!), live.map((i) => parity.score.scores[i]!), 'scores of live slots');
    for (const [i, m] of parity.score.keyMask.entries()) {
      if (m === 0) expect(scores[i]!).toBeLessThan(MASKED / 2);
    }
  });
});
