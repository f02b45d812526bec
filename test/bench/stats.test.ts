import { describe, expect, it } from 'vitest';
import { mean, median, pairedMedianRatio, percentile, wilson } from '../../src/bench/stats.js';

describe('wilson', () => {
  it('matches the textbook 95% intervals', () => {
    const half = wilson(5, 10);
    expect(half.low).toBeCloseTo(0.2366, 3);
    expect(half.high).toBeCloseTo(0.7634, 3);
    expect(wilson(0, 10).low).toBe(0);
    expect(wilson(0, 10).high).toBeCloseTo(0.2775, 3);
    expect(wilson(10, 10).low).toBeCloseTo(0.7225, 3);
    expect(wilson(10, 10).high).toBe(1);
  });

  it('is the whole range when nothing was measured', () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe('percentile and mean', () => {
  it('take the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([], 95)).toBe(0);
    expect(mean([1, 2, 3, 6])).toBe(3);
  });
});

describe('pairedMedianRatio', () => {
  it('is the median of each run of B over the run of A it was paired with, not a ratio of medians', () => {
    // Load came and went: B's third run met a busy moment that A's did not.
    const a = [100, 100, 100, 200, 200];
    const b = [90, 90, 180, 180, 180];
    expect(pairedMedianRatio(a, b)).toBeCloseTo(0.9);
    expect(median(b) / median(a)).toBeCloseTo(1.8);
    expect(pairedMedianRatio([100, 300, 200, 400], [110, 300, 180, 400])).toBeCloseTo(1);
    expect(pairedMedianRatio([100, 300], [100, 150])).toBeCloseTo(0.75);
  });

  it('refuses runs that do not pair', () => {
    expect(() => pairedMedianRatio([1, 2], [1])).toThrow(/as many runs/);
    expect(() => pairedMedianRatio([], [])).toThrow(/at least one/);
  });
});
