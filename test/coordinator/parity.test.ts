import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinManifestPath, readManifest, type CoordinatorManifest } from '../../runtime/coordinator/manifest.js';
import { openSessions, type CoordinatorSessions } from '../../runtime/coordinator/session.js';
import { CROSS_FEATURES } from '../../runtime/coordinator/cross-features.js';
import { MAX_IDS } from '../../runtime/coordinator/features.js';
import { packIds } from '../../runtime/coordinator/model.js';

/** Written by training/parity.py from the PyTorch model the shipped ONNX files were exported from. */
interface Parity {
  tolerance: number;
  config: { embed: number };
  modelSha256: Record<string, string>;
  encode: { ids: number[]; shape: [number, number]; vectors: number[] };
  score: { slotMask: number[]; cross: number[]; batch: number; slots: number; scores: number[] };
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

  it('encodes feature ids to the same latent vectors', async () => {
    const out = await sessions.graphs.encode.run({ ids: { data: Int32Array.from(parity.encode.ids), dims: parity.encode.shape } });
    expectClose(out.vectors!.data, parity.encode.vectors, 'vectors');
  });

  it('gives bit-identical rows when the ids are cut to the widest row, as the runtime sends them', async () => {
    const [count, width] = parity.encode.shape;
    const full = Int32Array.from(parity.encode.ids);
    const requests = Array.from({ length: count }, (_, i) => full.subarray(i * width, (i + 1) * width));
    // The same rows without the fixture's longest ones, so that the packed input is narrower than MAX_IDS.
    const short = requests.filter((row) => row[MAX_IDS / 2] === 0);
    expect(short.length).toBeGreaterThan(1);
    const packed = packIds(short);
    expect(packed.dims[1]).toBeLessThan(MAX_IDS);
    const wide = await sessions.graphs.encode.run({ ids: { data: Int32Array.from(short.flatMap((row) => [...row])), dims: [short.length, MAX_IDS] } });
    const narrow = await sessions.graphs.encode.run({ ids: packed });
    expect(Array.from(narrow.vectors!.data)).toEqual(Array.from(wide.vectors!.data));
  });

  it('gives a row the same result alone as among wider rows (to rounding: batch size picks the matrix kernel)', async () => {
    const [count, width] = parity.encode.shape;
    const requests = Array.from({ length: count }, (_, i) => Int32Array.from(parity.encode.ids.slice(i * width, (i + 1) * width)));
    const narrowest = requests.reduce((a, b) => (a.indexOf(0) <= b.indexOf(0) ? a : b));
    const alone = await sessions.graphs.encode.run({ ids: packIds([narrowest]) });
    const batch = [narrowest, ...Array.from({ length: 63 }, (_, i) => requests[i % count]!)];
    const among = await sessions.graphs.encode.run({ ids: packIds(batch) });
    expectClose(among.vectors!.data.subarray(0, alone.vectors!.data.length), Array.from(alone.vectors!.data), 'vectors alone and in a batch');
  });

  it('scores memory slots the same, and masks padded slots', async () => {
    const { batch, slots } = parity.score;
    const out = await sessions.graphs.score.run({
      cross: { data: Float32Array.from(parity.score.cross), dims: [batch, slots, CROSS_FEATURES] },
      slot_mask: { data: Float32Array.from(parity.score.slotMask), dims: [batch, slots] },
    });
    const scores = out.scores!.data;
    const live = parity.score.slotMask.map((m, i) => (m === 1 ? i : -1)).filter((i) => i >= 0);
    expectClose(live.map((i) => scores[i]!), live.map((i) => parity.score.scores[i]!), 'scores of live slots');
    for (const [i, m] of parity.score.slotMask.entries()) {
      if (m === 0) expect(scores[i]!).toBeLessThan(MASKED / 2);
    }
  });
});
