import { describe, expect, it } from 'vitest';
import { Batcher } from '../../runtime/coordinator/batcher.js';

/** A batch function whose batches stay running until the test ends them one by one. */
function heldBatches() {
  const batches: number[][] = [];
  const held: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const run = (xs: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      batches.push(xs);
      held.push({ resolve: () => resolve(xs.map((x) => x * 10)), reject });
    });
  return { batches, held, run };
}

/** Lets every queued microtask, timer and I/O callback of this turn run: several event-loop turns. */
async function turns(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

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

  it('answers a lone request without waiting for an event-loop turn', async () => {
    const order: string[] = [];
    const batcher = new Batcher<number, number>(async (xs) => {
      order.push(`batch ${xs.join(',')}`);
      return xs;
    }, { maxBatch: 100 });
    setImmediate(() => order.push('next turn'));
    order.push(`answer ${await batcher.submit(7)}`);
    expect(order).toEqual(['batch 7', 'answer 7']);
    await turns(1);
    expect(order).toEqual(['batch 7', 'answer 7', 'next turn']);
  });

  it('holds requests that arrive while a batch runs, in separate turns, and sends them together when it is done', async () => {
    const { batches, held, run } = heldBatches();
    const batcher = new Batcher<number, number>(run, { maxBatch: 100 });
    const first = batcher.submit(1);
    await turns();
    const later: Promise<number>[] = [];
    for (const x of [2, 3, 4]) {
      later.push(batcher.submit(x));
      await turns();
    }
    expect(batches).toEqual([[1]]);
    expect(batcher.pending).toBe(3);
    held[0]!.resolve();
    expect(await first).toBe(10);
    await turns();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    held[1]!.resolve();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it('sends a full batch at once even while another runs, and holds the rest', async () => {
    const { batches, held, run } = heldBatches();
    const batcher = new Batcher<number, number>(run, { maxBatch: 3 });
    const answers = [1, 2, 3, 4, 5, 6, 7].map((x) => batcher.submit(x));
    await turns();
    // 1–3 and 4–6 filled their batches; 7 waits for both to finish rather than going alone.
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6]]);
    held[0]!.resolve();
    await turns();
    expect(batches).toHaveLength(2);
    held[1]!.resolve();
    await turns();
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    held[2]!.resolve();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40, 50, 60, 70]);
  });

  it('rejects only the callers of a failed batch; those held behind it get their answers', async () => {
    const { held, run } = heldBatches();
    const batcher = new Batcher<number, number>(run, { maxBatch: 100 });
    const failing = batcher.submit(1);
    await turns();
    const held2 = batcher.submit(2);
    const held3 = batcher.submit(3);
    held[0]!.reject(new Error('session failed'));
    await expect(failing).rejects.toThrow('session failed');
    await turns();
    held[1]!.resolve();
    expect(await Promise.all([held2, held3])).toEqual([20, 30]);
  });

  it('rejects the callers of a batch function that throws instead of returning a promise', async () => {
    let fail = true;
    const batcher = new Batcher<number, number>((xs) => {
      if (fail) throw new Error('bad input');
      return Promise.resolve(xs);
    }, { maxBatch: 10 });
    const failed = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batcher.submit(3)).toBe(3);
  });
});
