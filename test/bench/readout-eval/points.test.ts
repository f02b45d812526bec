import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/bench/readout-eval/evaluate.js';
import { BestPerBudget, thresholdGrid } from '../../../src/bench/readout-eval/points.js';

/** Cases read at budgets 16 and 32, with the given recall and tokens delivered at each. */
const results = (at16: [number, number][], at32: [number, number][]): CaseResult[] =>
  at16.map(([recall, delivered], i) => ({
    contender: 'learned',
    id: `c${i}`,
    family: 'relay',
    domain: 'test',
    needed: 1,
    oracleTokens: 10,
    scores: [],
    readouts: [
      { budget: '16', recall, delivered },
      { budget: '32', recall: at32[i]![0], delivered: at32[i]![1] },
    ],
  }));

describe('BestPerBudget', () => {
  it('keeps, per budget, the run with the most mean recall', () => {
    const best = new BestPerBudget<string>(['16', '32']);
    best.consider(results([[1, 10], [0, 10]], [[1, 30], [1, 30]]), 'a');
    best.consider(results([[1, 12], [1, 12]], [[1, 30], [0, 30]]), 'b');
    expect(best.at('16')).toEqual({ recall: 1, delivered: 12, value: 'b' });
    expect(best.at('32')).toEqual({ recall: 1, delivered: 30, value: 'a' });
  });

  it('breaks a tie in recall by fewer tokens, then by the run considered first', () => {
    const best = new BestPerBudget<string>(['16', '32']);
    best.consider(results([[1, 14]], [[1, 30]]), 'first');
    best.consider(results([[1, 12]], [[1, 30]]), 'fewer tokens');
    best.consider(results([[1, 12]], [[1 - 1e-12, 30]]), 'same again');
    expect(best.at('16').value).toBe('fewer tokens');
    expect(best.at('32').value).toBe('first');
  });

  it('says so when nothing was considered for a budget', () => {
    expect(() => new BestPerBudget<string>(['16']).at('16')).toThrow(/no run was considered for budget 16/);
  });
});

describe('thresholdGrid', () => {
  it('is the default, −∞ and four percentiles of the scores, each once', () => {
    const grid = thresholdGrid([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(grid.slice(0, 2)).toEqual([undefined, -Infinity]);
    expect(grid).toHaveLength(6);
    expect(thresholdGrid([3, 3, 3])).toEqual([undefined, -Infinity, 3]);
  });
});
