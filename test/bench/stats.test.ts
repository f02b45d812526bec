import { describe, expect, it } from 'vitest';
import { mean, percentile, wilson } from '../../src/bench/stats.js';

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
