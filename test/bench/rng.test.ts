import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/bench/rng.js';

describe('createRng', () => {
  it('gives the same sequence for the same seed and stream', () => {
    const a = createRng(42, 1);
    const b = createRng(42, 1);
    expect(Array.from({ length: 20 }, () => a.next())).toEqual(Array.from({ length: 20 }, () => b.next()));
  });

  it('gives different sequences for different seeds and for different streams', () => {
    const first = (seed: number, stream: number) => createRng(seed, stream).next();
    expect(first(1, 0)).not.toBe(first(2, 0));
    expect(first(1, 0)).not.toBe(first(1, 1));
  });

  it('keeps int within its inclusive bounds and reaches both ends', () => {
    const rng = createRng(7);
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('samples distinct items and shuffles without losing any', () => {
    const rng = createRng(9);
    const items = Array.from({ length: 30 }, (_, i) => i);
    const sample = rng.sample(items, 10);
    expect(new Set(sample).size).toBe(10);
    expect(rng.shuffle(items).sort((x, y) => x - y)).toEqual(items);
    expect(() => rng.sample(items, 31)).toThrow();
  });
});
