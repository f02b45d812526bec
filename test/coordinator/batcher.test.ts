import { describe, expect, it } from 'vitest';
import { Batcher } from '../../runtime/coordinator/batcher.js';

describe('Batcher', () => {
  it('runs requests submitted in the same turn as one batch and answers each caller', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(async (xs) => {
      batches.push(xs);
      return xs.map((x) => x * 10);
    }, { maxBatch: 100 });
    const results = await Promise.all([1, 2, 3, 4].map((x) => batcher.submit(x)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('never exceeds the maximum batch size', async () => {
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>(async (xs) => {
      sizes.push(xs.length);
      return xs;
    }, { maxBatch: 3 });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => batcher.submit(i)));
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([3, 3, 2]);
  });

  it('rejects every caller of a failed batch, and keeps working afterwards', async () => {
    let fail = true;
    const batcher = new Batcher<number, number>(async (xs) => {
      if (fail) throw new Error('session failed');
      return xs;
    }, { maxBatch: 10 });
    const failed = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batcher.submit(3)).toBe(3);
  });

  it('rejects a batch function that returns the wrong number of results', async () => {
    const batcher = new Batcher<number, number>(async () => [1], { maxBatch: 10 });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow(/1 results for 2 requests/);
  });

  it('waits up to maxWaitMs to gather requests from later turns', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(async (xs) => {
      batches.push(xs);
      return xs;
    }, { maxBatch: 10, maxWaitMs: 20 });
    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const second = batcher.submit(2);
    await Promise.all([first, second]);
    expect(batches).toEqual([[1, 2]]);
  });
});
