import { describe, expect, it } from 'vitest';
import type { MemorySlot } from '../../../runtime/coordinator/memory.js';
import type { HopView } from '../../../runtime/coordinator/readout.js';
import { learnedStop, STOP_FEATURES, StopModel, stopFeatures, stopLogits } from '../../../src/bench/readout-eval/stop-model.js';

const slot = (n: number): MemorySlot => ({ slot: n, message: `m${n}`, channel: 'a->b', from: 'a', to: 'b', index: 0, text: `s${n}`, tokens: 1, latent: [] });
const view = (scores: number[], hop = 1, readTokens = 0): HopView => ({ hop, candidates: scores.map((score, i) => ({ slot: slot(i), score })), readTokens, budgetTokens: 40 });
const column = (name: (typeof STOP_FEATURES)[number]) => STOP_FEATURES.indexOf(name);
// A model that looks at one feature only, unstandardised.
const only = (name: (typeof STOP_FEATURES)[number], weight: number, bias: number, cutoff = 0.5): StopModel => ({
  version: 1,
  features: [...STOP_FEATURES],
  mean: STOP_FEATURES.map(() => 0),
  scale: STOP_FEATURES.map(() => 1),
  weights: STOP_FEATURES.map((f) => (f === name ? weight : 0)),
  bias,
  cutoff,
});

describe('stopFeatures', () => {
  it('places each candidate among this hop\'s candidates: gap to the best, z-score, rank (ties to the earlier slot)', () => {
    const rows = stopFeatures(view([1, 3, 3, -2]));
    expect(rows.map((r) => r[column('gap_to_best')])).toEqual([2, 0, 0, 5]);
    expect(rows.map((r) => r[column('log_rank')])).toEqual([Math.log1p(2), 0, Math.log1p(1), Math.log1p(3)]);
    const z = rows.map((r) => r[column('z_score')]!);
    expect(z.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
    expect(z[1]).toBeGreaterThan(z[0]!);
    expect(rows.every((r) => r[column('log_candidates')] === Math.log(4))).toBe(true);
  });

  it('marks later hops and the share of the budget already read', () => {
    expect(stopFeatures(view([2], 1, 0))[0]!.slice(column('later_hop'))).toEqual([0, 0, 0, 0]);
    expect(stopFeatures(view([2], 3, 10))[0]!.slice(column('later_hop'))).toEqual([1, 2, 0.25, 0]);
  });
});

describe('learnedStop', () => {
  it('reads the candidates whose probability clears the cutoff', () => {
    const byScore = only('score', 1, 0);
    expect(stopLogits(byScore, view([-1, 0.5, 2]))).toEqual([-1, 0.5, 2]);
    expect(learnedStop(byScore)(view([-1, 0.5, 2]))).toEqual([false, true, true]);
    expect(learnedStop(byScore, 0.9)(view([-1, 0.5, 2]))).toEqual([false, false, false]);
    expect(learnedStop(byScore, 0.1)(view([-1, 0.5, 2]))).toEqual([true, true, true]);
  });

  it('stops by rank where a threshold cannot: the same score is read in one query and not in another', () => {
    const byRank = only('log_rank', -10, 5);
    expect(learnedStop(byRank)(view([0.4, 0.1]))).toEqual([true, false]);
    expect(learnedStop(byRank)(view([0.1, -3]))).toEqual([true, false]);
  });

  it('refuses a model whose features are not the ones computed here, in order', () => {
    const swapped = { ...only('score', 1, 0), features: [...STOP_FEATURES].reverse() };
    expect(StopModel.safeParse(swapped).success).toBe(false);
    expect(StopModel.safeParse(only('score', 1, 0)).success).toBe(true);
  });
});
