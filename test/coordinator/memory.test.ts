import { describe, expect, it } from 'vitest';
import { SegmentMemory } from '../../runtime/coordinator/memory.js';

const entry = { message: 'm1', channel: 'a->b', from: 'a', to: 'b', index: 0, text: 'Garrow is in Ostmark.', tokens: 6 };

describe('SegmentMemory', () => {
  it('copies a key that is a row of a larger output, with the same numbers in its JSON as in its typed array', () => {
    const memory = new SegmentMemory();
    const output = Float32Array.from([7, 7, 7, 0.1, -2.5, 3e-8, 7]);
    const slot = memory.add(entry, output.subarray(3, 6));
    output.fill(9);
    expect(Array.from(memory.keyOf(slot))).toEqual([Math.fround(0.1), -2.5, Math.fround(3e-8)]);
    expect(memory.toJSON()[0]!.key).toEqual([Math.fround(0.1), -2.5, Math.fround(3e-8)]);
  });

  it("keeps a key that is a whole output of its own (a write at batch 1's) without copying it", () => {
    const memory = new SegmentMemory();
    const key = Float32Array.from([0.5, -1]);
    expect(memory.keyOf(memory.add(entry, key))).toBe(key);
    expect(memory.toJSON()[0]!.key).toEqual([0.5, -1]);
  });

  it('gives a memory rebuilt from its JSON the same keys', () => {
    const memory = new SegmentMemory();
    memory.add(entry, Float32Array.from([1.5, -0.25]));
    const [stored] = new SegmentMemory(memory.toJSON()).forChannel('a->b');
    expect(Array.from(stored!.key)).toEqual([1.5, -0.25]);
  });
});
