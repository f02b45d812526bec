import { describe, expect, it } from 'vitest';
import { CROSS_FEATURES, CROSS_FEATURE_NAMES, crossFeatures } from '../../runtime/coordinator/cross-features.js';
import type { ReadoutCase } from '../../src/bench/readout-eval/cases.js';
import { featurizeCase } from '../../training/featurize.js';


// A two-hop case: the question finds s1 (hop 1); s1's text finds s3 (hop 2); s0 and s2 are distractors.
const c: ReadoutCase = {
  id: 'depot-01',
  family: 'relay',
  domain: 'depot',
  receiver: 'lead',
  query: "Where is Priya's van?",
  messages: [
    { id: 'm0', from: 'a', to: 'lead', channel: 'team->lead', text: 'Lunch at noon.', segments: [{ id: 's0', text: 'Lunch at noon.' }] },
    { id: 'm1', from: 'b', to: 'lead', channel: 'team->lead', text: "Priya's van is the blue transit. Canteen shut.", segments: [{ id: 's1', text: "Priya's van is the blue transit." }, { id: 's2', text: 'Canteen shut.' }] },
    { id: 'm2', from: 'a', to: 'lead', channel: 'team->lead', text: 'Blue transit is in bay 7.', segments: [{ id: 's3', text: 'Blue transit is in bay 7.' }] },
  ],
  needed: new Set(['s1', 's3']),
  firstHop: new Set(['s1']),
  hopOf: new Map([['s1', 1], ['s3', 2]]),
};

describe('training/featurize.ts', () => {
  it('asks hop 1 with the question and hop 2 with each needed segment of hop 1, as the readout does', () => {
    const out = featurizeCase(c, false);
    expect(out.queries.map((q) => q.hop)).toEqual([1, 2]);
    expect(out.queries[0]!.slots).toEqual([0, 1, 2, 3]);
    expect(out.queries[0]!.labels).toEqual([0, 1, 0, -1]);
    // Hop 2 no longer scores the slot hop 1 found, and its query is that slot's text.
    expect(out.queries[1]!.slots).toEqual([0, 2, 3]);
    expect(out.queries[1]!.labels).toEqual([0, 0, 1]);
    const memory = c.messages.flatMap((m) => m.segments.map((s) => ({ ...s, message: m.id })));
    const expected = crossFeatures("Priya's van is the blue transit.", memory, [0, 2, 3]);
    out.queries[1]!.cross.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 4));
  });

  it('uses the runtime cross features, over the channel\'s whole memory, knowing each segment\'s message', () => {
    const out = featurizeCase(c, false);
    expect(out.messages.map((m) => m.segments)).toEqual([1, 2, 1]);
    const memory = c.messages.flatMap((m) => m.segments.map((s) => ({ ...s, message: m.id })));
    // "Canteen shut." shares its message with the question's match, which the runtime's memory knows too.
    expect(out.queries[0]!.cross[2 * CROSS_FEATURES + CROSS_FEATURE_NAMES.indexOf('message_match')]).toBeCloseTo(1, 4);
    const expected = crossFeatures(c.query, memory, [0, 1, 2, 3]);
    expect(out.queries[0]!.cross).toHaveLength(4 * CROSS_FEATURES);
    out.queries[0]!.cross.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 4));
  });

  it('shuffles the messages of an order-free case, the same way every time', () => {
    const a = featurizeCase(c, true);
    expect(featurizeCase(c, true)).toEqual(a);
    expect(a.messages.map((m) => m.segments).sort()).toEqual([1, 1, 2]);
  });
});
