import { describe, expect, it } from 'vitest';
import { auc, rPrecision } from '../../../src/bench/readout-eval/ranking.js';
import { bootstrapMean } from '../../../src/bench/stats.js';

describe('ranking metrics', () => {
  it('AUC is 1 for a perfect order, 0 for a reversed one, 0.5 for ties, undefined without both classes', () => {
    expect(auc([3, 2, 1], [true, false, false])).toBe(1);
    expect(auc([1, 2, 3], [true, false, false])).toBe(0);
    expect(auc([1, 1, 1, 1], [true, false, true, false])).toBe(0.5);
    expect(auc([0.9, 0.1, 0.5, 0.3], [true, false, false, true])).toBe(0.75);
    expect(auc([1, 2], [true, true])).toBeUndefined();
  });

  it('R-precision counts positives in the top R, sharing ties at the cut', () => {
    expect(rPrecision([0.9, 0.8, 0.1], [true, false, true])).toBe(0.5);
    expect(rPrecision([1, 1, 1, 1], [true, false, false, false])).toBe(0.25);
    expect(rPrecision([1, 2], [false, false])).toBeUndefined();
  });
});

describe('bootstrapMean', () => {
  it('reads differences that cancel as zero, not as float noise with a sign', () => {
    // 0.1 + 0.2 − 0.3 is 5.6e-17 in floating point; a verdict reads the interval's sign.
    const b = bootstrapMean([0.1, 0.2, -0.3, 0.1, 0.2, -0.3]);
    expect(b.mean).toBe(0);
    expect(b.low).toBeLessThanOrEqual(0);
    expect(b.high).toBeGreaterThanOrEqual(0);
    expect(bootstrapMean([0.1, 0.2, -0.3, 0, 0, 0], 4000, 3).low).not.toBeGreaterThan(0);
  });

  it('brackets the mean, repeats exactly with the same seed, and is a point for constant data', () => {
    const xs = Array.from({ length: 50 }, (_, i) => (i % 5) / 4);
    const a = bootstrapMean(xs);
    expect(a.low).toBeLessThan(a.mean);
    expect(a.high).toBeGreaterThan(a.mean);
    expect(bootstrapMean(xs)).toEqual(a);
    expect(bootstrapMean([2, 2, 2])).toEqual({ mean: 2, low: 2, high: 2 });
  });
});
