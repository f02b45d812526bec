import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic } from '../../training/logistic.js';

describe('fitLogistic', () => {
  // Labels drawn from a known model: P(y) = σ(2·x0 − 1·x1 + 0.5), x2 irrelevant.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const rows = Array.from({ length: 4000 }, () => [random() * 4 - 2, random() * 4 - 2, random() * 10]);
  const labels = rows.map(([a, b]) => random() < 1 / (1 + Math.exp(-(2 * a! - b! + 0.5))));

  it('recovers the weights of the model the labels came from', () => {
    const fit = fitLogistic(rows, labels, 1e-4);
    const raw = fit.weights.map((w, j) => w / fit.scale[j]!);
    expect(raw[0]).toBeCloseTo(2, 0);
    expect(raw[1]).toBeCloseTo(-1, 0);
    expect(Math.abs(raw[2]!)).toBeLessThan(0.1);
    expect(predictLogistic(fit, [1, 0, 5])).toBeGreaterThan(0.85);
    expect(predictLogistic(fit, [-1, 1, 5])).toBeLessThan(0.15);
  });

  it('shrinks the weights under a heavier penalty', () => {
    const light = fitLogistic(rows, labels, 1e-4);
    const heavy = fitLogistic(rows, labels, 1);
    expect(Math.abs(heavy.weights[0]!)).toBeLessThan(Math.abs(light.weights[0]!) / 2);
  });

  it('refuses rows and labels that do not match', () => {
    expect(() => fitLogistic([[1]], [true, false])).toThrow(/1 rows and 2 labels/);
  });
});
