import { describe, expect, it } from 'vitest';
import { builtinManifestPath, readManifest } from '../../runtime/coordinator/manifest.js';
import { packIds } from '../../runtime/coordinator/model.js';
import { openSessions, runnerFor, WIDE_ENCODE_IDS, type GraphSession } from '../../runtime/coordinator/session.js';

/** A session that records the calls it gets and answers with an empty float output. */
function fakeSession(calls: string[], name: string): GraphSession {
  return {
    inputMetadata: [{ name: 'ids', isTensor: true, type: 6, shape: [-1, -1], symbolicDimensions: ['n', 'ids'] }],
    outputMetadata: [{ name: 'vectors', isTensor: true, type: 1, shape: [-1, 64], symbolicDimensions: ['n', ''] }],
    run: () => {
      calls.push(name);
      return { vectors: { data: new Float32Array(0), dims: [0], type: 'float32' } as never };
    },
    dispose: () => {},
  };
}

describe('large encode calls on the wide session', () => {
  it('sends a call to the wide session from the first input size it names, smaller ones to the narrow one', async () => {
    const calls: string[] = [];
    const runner = runnerFor(fakeSession(calls, 'narrow'), { session: fakeSession(calls, 'wide'), from: 10 });
    await runner.run({ ids: { data: new Int32Array(9), dims: [3, 3] } });
    await runner.run({ ids: { data: new Int32Array(10), dims: [2, 5] } });
    await runner.run({ ids: { data: new Int32Array(1), dims: [1, 1] } });
    expect(calls).toEqual(['narrow', 'wide', 'narrow']);
  });

  it('gives the keys a one-thread session gives, for a call large enough to go wide', async () => {
    const path = builtinManifestPath();
    const manifest = await readManifest(path);
    const [machine, single] = await Promise.all([openSessions(path, manifest, 'cpu'), openSessions(path, manifest, 'cpu', undefined, 1)]);
    try {
      let seed = 7;
      const rows = Array.from({ length: Math.ceil(WIDE_ENCODE_IDS / 24) + 8 }, () =>
        Int32Array.from({ length: 24 }, () => {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          return 1 + (seed % 20000);
        }),
      );
      const feed = { ids: packIds(rows) };
      expect(feed.ids.data.length).toBeGreaterThanOrEqual(WIDE_ENCODE_IDS);
      const [a, b] = await Promise.all([machine.graphs.encode.run(feed), single.graphs.encode.run(feed)]);
      const x = a.vectors!.data as Float32Array;
      const y = b.vectors!.data as Float32Array;
      expect(x.length).toBe(y.length);
      expect(Math.max(...x.map((v, i) => Math.abs(v - y[i]!)))).toBeLessThan(1e-6);
    } finally {
      await Promise.all([machine.release(), single.release()]);
    }
  });
});
