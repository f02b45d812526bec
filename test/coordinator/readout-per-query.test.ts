import { describe, expect, it } from 'vitest';
import { DEFAULT_READOUT_PER_QUERY, checkedPerQuery } from '../../runtime/coordinator/coordinator.js';
import type { MemorySlot } from '../../runtime/coordinator/memory.js';
import { selectMultiHop, type HopScorer } from '../../runtime/coordinator/readout.js';

// One word per slot, one token per word: a readout of n slots renders n words on n lines.
const texts = ['alpha', 'd1', 'd2', 'd3', 'beta'];
const slots: MemorySlot[] = texts.map((text, slot) => ({ slot, message: `m${slot}`, channel: 'c', from: 'a', to: 'r', index: 0, text, tokens: 1, latent: [] }));
const countTokens = (text: string) => text.split('\n').length;

// The question matches the first link "alpha" best and three distractors nearly as well; the second
// link "beta" matches only "alpha".
const scores: Record<string, Record<string, number>> = {
  question: { alpha: 3, d1: 2.9, d2: 2.8, d3: 2.7, beta: -5 },
  alpha: { alpha: 0, d1: -1, d2: -1, d3: -1, beta: 3 },
  d1: { alpha: -1, d1: 0, d2: -1, d3: -1, beta: -1 },
  d2: { alpha: -1, d1: -1, d2: 0, d3: -1, beta: -1 },
  d3: { alpha: -1, d1: -1, d2: -1, d3: 0, beta: -1 },
  beta: { alpha: -1, d1: -1, d2: -1, d3: -1, beta: 0 },
};
const score: HopScorer = async (query, group) => group.map((slot) => scores[query]![slot.text]!);
const read = async (budgetTokens: number, perQuery?: number) =>
  (await selectMultiHop([slots], 'question', score, { hops: 4, budgetTokens, countTokens, threshold: -Infinity, ...(perQuery === undefined ? {} : { perQuery }) }))[0]!.map((s) => s.text);

describe('a readout limited per query', () => {
  it('leaves budget for a chain\'s second link where filling hop 1 spends it on near misses', async () => {
    expect(await read(2)).toEqual(['alpha', 'd1']);
    expect(await read(2, 1)).toEqual(['alpha', 'beta']);
  });

  it('fills what budget the hops leave in score order, and reads everything a large budget holds', async () => {
    expect(await read(3, 1)).toEqual(['alpha', 'd1', 'beta']);
    expect(await read(5, 1)).toEqual(texts);
    expect(await read(5)).toEqual(texts);
  });

  it('lets each query of a hop add its own best slots', async () => {
    // Hop 1 admits alpha and d1; hop 2 asks both: alpha's best is beta, d1's best among the rest is d2's tie-broken −1.
    expect(await read(3, 2)).toEqual(['alpha', 'd1', 'beta']);
  });

  it('is a whole number of at least 1, DEFAULT_READOUT_PER_QUERY when absent, and none when null', () => {
    expect(checkedPerQuery(undefined)).toBe(DEFAULT_READOUT_PER_QUERY);
    expect(checkedPerQuery(null)).toBeUndefined();
    expect(checkedPerQuery(2)).toBe(2);
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity]) expect(() => checkedPerQuery(bad)).toThrow(/per-query limit must be a whole number of at least 1/);
  });
});
