import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../src/bench/readout-eval/compare.js';
import type { ReadoutResults } from '../../../src/bench/readout-eval/results.js';

function run(recalls: number[], options: { budgets?: string[]; ids?: string[]; cases?: boolean } = {}): ReadoutResults {
  const budgets = options.budgets ?? ['16'];
  const ids = options.ids ?? recalls.map((_, i) => `c${i}`);
  return {
    version: 1,
    command: 'test',
    startedAt: '',
    finishedAt: '',
    machine: { cpu: 'x', cores: 2, node: '24' },
    settings: { corpus: 'natural', hops: 4, budgets, tokenizer: 'o200k_base', validationCases: 0, testCases: ids.length },
    thresholds: [],
    readout: [],
    ranking: [],
    paired: [],
    ...(options.cases === false
      ? {}
      : { cases: ids.map((id, i) => ({ contender: 'learned', id, family: 'relay', readouts: budgets.map((budget) => ({ budget, recall: recalls[i]!, delivered: 10 })) })) }),
  };
}

describe('compareRuns', () => {
  it('pairs two runs case by case: A − B per family and budget', () => {
    const [row] = compareRuns(run([1, 1, 1, 1, 0.5, 1]), run([0, 0, 0, 0, 0.5, 0]), { a: 'v5', b: 'v4' });
    expect(row).toMatchObject({ family: 'relay', budget: '16', contender: 'v5', baseline: 'v4', cases: 6 });
    expect(row!.recallDiff.mean).toBeCloseTo(5 / 6, 10);
    expect(row!.recallDiff.low).toBeGreaterThan(0);
    expect(row!.deliveredDiff).toEqual({ mean: 0, low: 0, high: 0 });
  });

  it('pairs by case id, not by position', () => {
    const a = run([1, 0], { ids: ['x', 'y'] });
    const b = run([0, 1], { ids: ['y', 'x'] });
    expect(compareRuns(a, b, { a: 'A', b: 'B' })[0]!.recallDiff.mean).toBe(0);
  });

  it('pairs only the cases of the domains asked for', () => {
    const ids = ['pharmacy-01', 'pharmacy-02', 'audit-01'];
    const [row] = compareRuns(run([1, 1, 0], { ids }), run([0, 0, 1], { ids }), { a: 'A', b: 'B' }, { domains: ['pharmacy'] });
    expect(row).toMatchObject({ cases: 2 });
    expect(row!.recallDiff.mean).toBe(1);
    expect(compareRuns(run([1, 1, 0], { ids }), run([0, 0, 1], { ids }), { a: 'A', b: 'B' })[0]!.recallDiff.mean).toBeCloseTo(1 / 3, 10);
    expect(() => compareRuns(run([1], { ids: ['audit-01'] }), run([1], { ids: ['audit-01'] }), { a: 'A', b: 'B' }, { domains: ['seed-bank'] })).toThrow(
      /no test case of seed-bank/,
    );
  });

  it('refuses runs it cannot pair, saying why', () => {
    expect(() => compareRuns(run([1]), run([1], { cases: false }), { a: 'A', b: 'B' })).toThrow(/B keeps no per-case readouts/);
    expect(() => compareRuns(run([1], { budgets: ['16'] }), run([1], { budgets: ['32'] }), { a: 'A', b: 'B' })).toThrow(/differ in budgets/);
    expect(() => compareRuns(run([1], { ids: ['a'] }), run([1], { ids: ['b'] }), { a: 'A', b: 'B' })).toThrow(/different test cases/);
    expect(() => compareRuns(run([1]), run([1]), { a: 'v5', b: 'v5' })).toThrow(/different labels/);
  });
});
