import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROSS_FEATURES } from '../../runtime/coordinator/cross-features.js';
import { Featurizer, MAX_IDS } from '../../runtime/coordinator/features.js';
import { loadCoordinatorModel } from '../../runtime/coordinator/index.js';
import { builtinManifestPath, readManifest, type CoordinatorManifest } from '../../runtime/coordinator/manifest.js';
import { CoordinatorModel, ENCODE_IDS_PER_CALL, encodeCalls, packIds } from '../../runtime/coordinator/model.js';
import type { CoordinatorSessions, Feed, GraphRunner } from '../../runtime/coordinator/session.js';

function row(...ids: number[]): Int32Array {
  const out = new Int32Array(MAX_IDS);
  out.set(ids);
  return out;
}

describe('packIds', () => {
  it('cuts every row to the widest row of the batch, keeping each row in place', () => {
    const packed = packIds([row(5, 6), row(7, 8, 9), row(4)]);
    expect(packed.dims).toEqual([3, 3]);
    expect(Array.from(packed.data)).toEqual([5, 6, 0, 7, 8, 9, 4, 0, 0]);
  });

  it('keeps all MAX_IDS columns when one row uses them all', () => {
    const full = Int32Array.from({ length: MAX_IDS }, (_, i) => i + 1);
    const packed = packIds([row(1), full]);
    expect(packed.dims).toEqual([2, MAX_IDS]);
    expect(Array.from(packed.data.subarray(MAX_IDS))).toEqual(Array.from(full));
  });

  it('sends a lone row as a view of its used ids, without copying them', () => {
    const ids = row(5, 6, 7);
    const packed = packIds([ids]);
    expect(packed.dims).toEqual([1, 3]);
    expect(Array.from(packed.data)).toEqual([5, 6, 7]);
    expect(packed.data.buffer).toBe(ids.buffer);
    expect(packIds([ids], MAX_IDS).data).toHaveLength(MAX_IDS);
  });

  it('keeps one padding column for texts without ids', () => {
    const packed = packIds([row(), row()]);
    expect(packed.dims).toEqual([2, 1]);
    expect(Array.from(packed.data)).toEqual([0, 0]);
  });
});

describe('encodeCalls', () => {
  const wide = (used: number) => row(...Array.from({ length: used }, (_, i) => i + 1));

  it('puts as many rows in a call as fit ENCODE_IDS_PER_CALL once packed to the widest', () => {
    const rows = Array.from({ length: 1000 }, () => wide(32));
    const calls = encodeCalls(rows);
    expect(calls.every(({ start, end, width }) => width === 32 && (end - start) * 32 <= ENCODE_IDS_PER_CALL)).toBe(true);
    expect(calls[0]).toEqual({ start: 0, end: ENCODE_IDS_PER_CALL / 32, width: 32 });
    expect(calls.at(-1)!.end).toBe(1000);
    expect(calls.slice(1).every(({ start }, i) => start === calls[i]!.end)).toBe(true);
  });

  it('cuts a call early when a wider row arrives, and gives a row wider than the limit a call of its own', () => {
    const rows = [wide(10), wide(10), wide(MAX_IDS), wide(10)];
    expect(encodeCalls(rows)).toEqual([{ start: 0, end: 4, width: MAX_IDS }]);
    const many = [...Array.from({ length: ENCODE_IDS_PER_CALL / MAX_IDS }, () => wide(10)), wide(MAX_IDS)];
    expect(encodeCalls(many)).toEqual([
      { start: 0, end: many.length - 1, width: 10 },
      { start: many.length - 1, end: many.length, width: MAX_IDS },
    ]);
  });

  it('makes no call for no rows', () => {
    expect(encodeCalls([])).toEqual([]);
  });
});

describe('CoordinatorModel encoding', () => {
  let manifest: CoordinatorManifest;
  beforeAll(async () => {
    manifest = await readManifest(builtinManifestPath());
  });

  /** Sessions whose encode graph answers each row with its first id, and records the shape of every call. */
  function fakeSessions(idColumns: number | string, calls: number[][]): CoordinatorSessions {
    const size = manifest.config.embed;
    const encode: GraphRunner = {
      inputShapes: { ids: ['n', idColumns] },
      async run(feed: Feed) {
        const { data, dims } = feed.ids!;
        calls.push([...dims]);
        const [n, width] = dims as [number, number];
        return { vectors: { data: Float32Array.from({ length: n * size }, (_, i) => data[Math.floor(i / size) * width]!), dims: [n, size] } };
      },
    };
    const score: GraphRunner = { inputShapes: {}, run: () => Promise.reject(new Error('not used')) };
    return { device: 'cpu', graphs: { encode, score }, sha256: { encode: 'e', score: 's' }, release: async () => {} };
  }

  it('sends a graph with a dynamic id axis only the columns its widest row uses', async () => {
    const calls: number[][] = [];
    const model = new CoordinatorModel(manifest, fakeSessions('ids', calls), new Featurizer([]));
    await Promise.all([model.encode([row(5, 6, 7)]), model.encode([row(8)])]);
    expect(calls).toEqual([[2, 3]]);
  });

  it('sends a graph exported with a fixed id axis all of its columns', async () => {
    const calls: number[][] = [];
    const model = new CoordinatorModel(manifest, fakeSessions(MAX_IDS, calls), new Featurizer([]));
    await model.encode([row(5, 6, 7), row(8)]);
    expect(calls).toEqual([[2, MAX_IDS]]);
  });

  it('answers each of many concurrent callers with its own rows, across several session calls', async () => {
    const calls: number[][] = [];
    const model = new CoordinatorModel(manifest, fakeSessions('ids', calls), new Featurizer([]));
    const messages = Array.from({ length: 500 }, (_, m) => [row(m + 1, ...Array.from({ length: 40 }, (_, i) => 1000 + i)), row(m + 1001)]);
    const latents = await Promise.all(messages.map((ids) => model.encode(ids)));
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every(([n, width]) => n! * width! <= ENCODE_IDS_PER_CALL)).toBe(true);
    latents.forEach((rows, m) => {
      expect(rows.map((r) => r.length)).toEqual([manifest.config.embed, manifest.config.embed]);
      expect(rows.map((r) => r[0])).toEqual([m + 1, m + 1001]);
    });
  });
});

describe('CoordinatorModel scoring', () => {
  /** Sessions whose score graph answers each slot with the sum of its cross features (−1e4 where masked), and records every call's shapes. */
  function scoring(calls: number[][][]): CoordinatorSessions {
    const score: GraphRunner = {
      inputShapes: {},
      async run(feed: Feed) {
        const { data: cross, dims } = feed.cross!;
        const mask = feed.slot_mask!.data;
        calls.push([[...dims], [...feed.slot_mask!.dims]]);
        const slots = dims[0]! * dims[1]!;
        const data = Float32Array.from({ length: slots }, (_, s) => {
          let sum = 0;
          for (let f = 0; f < CROSS_FEATURES; f++) sum += cross[s * CROSS_FEATURES + f]!;
          return mask[s] ? sum : -1e4;
        });
        return { scores: { data, dims: dims.slice(0, 2) } };
      },
    };
    const encode: GraphRunner = { inputShapes: {}, run: () => Promise.reject(new Error('not used')) };
    return { device: 'cpu', graphs: { encode, score }, sha256: { encode: 'e', score: 's' }, release: async () => {} };
  }
  const slots = (...values: number[]) => Float32Array.from(values.flatMap((v) => [v, ...Array.from({ length: CROSS_FEATURES - 1 }, () => 0)]));

  it('pads concurrent requests of different sizes into one call, masked, and answers each with its own slots', async () => {
    const manifest = await readManifest(builtinManifestPath());
    const calls: number[][][] = [];
    const model = new CoordinatorModel(manifest, scoring(calls), new Featurizer([]));
    const scores = await Promise.all([model.score(slots(1)), model.score(slots(2, 3, 4)), model.score(slots(5, 6))]);
    expect(scores.map((s) => Array.from(s))).toEqual([[1], [2, 3, 4], [5, 6]]);
    expect(calls).toEqual([[[3, 3, CROSS_FEATURES], [3, 3]]]);
    expect(Array.from(await model.score(new Float32Array(0)))).toEqual([]);
    expect(() => model.score(new Float32Array(CROSS_FEATURES + 1))).toThrow(/whole slots/);
  });
});

describe('CoordinatorModel with the shipped graphs', () => {
  let model: CoordinatorModel;
  beforeAll(async () => {
    model = await loadCoordinatorModel('builtin', 'cpu');
  });
  afterAll(() => model.release());

  it('encodes a lone row that is a view into a larger block (as the featurizer hands them out) as its own ids', async () => {
    const block = new Int32Array(3 * MAX_IDS);
    block.set([11, 12, 13, 14], 0);
    block.set([21, 22, 23], MAX_IDS);
    block.set([31, 32, 33, 34, 35], 2 * MAX_IDS);
    const [fromView] = await model.encode([block.subarray(MAX_IDS, 2 * MAX_IDS)]);
    const [fromOwn] = await model.encode([row(21, 22, 23)]);
    const [neighbour] = await model.encode([row(11, 12, 13, 14)]);
    expect(Array.from(fromView!)).toEqual(Array.from(fromOwn!));
    expect(Array.from(fromView!)).not.toEqual(Array.from(neighbour!));
  });
});
