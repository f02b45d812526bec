import { describe, expect, it } from 'vitest';
import { SegmentMemory } from '../../runtime/coordinator/memory.js';

const entry = { message: 'm1', channel: 'a->b', from: 'a', to: 'b', index: 0, text: 'Garrow is in Ostmark.', tokens: 6 };

describe('SegmentMemory', () => {
  it('keeps its own copy of a key, with the same numbers in its JSON as in its typed array', () => {
    const memory = new SegmentMemory();
    const key = Float32Array.from([0.1, -2.5, 3e-8]);
    const slot = memory.add(entry, key);
    key.fill(9);
    expect(Array.from(memory.keyOf(slot))).toEqual([Math.fround(0.1), -2.5, Math.fround(3e-8)]);
    expect(memory.toJSON()[0]!.key).toEqual([Math.fround(0.1), -2.5, Math.fround(3e-8)]);
  });

  it('gives a memory rebuilt from its JSON the same keys', () => {
    const memory = new SegmentMemory();
    memory.add(entry, Float32Array.from([1.5, -0.25]));
    const [stored] = new SegmentMemory(memory.toJSON()).forChannel('a->b');
    expect(Array.from(stored!.key)).toEqual([1.5, -0.25]);
  });
});
