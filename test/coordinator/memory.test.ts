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

  it('keeps every key apart from the others, however many it holds', () => {
    const memory = new SegmentMemory();
    const keyOf = (i: number) => Float32Array.from({ length: 96 }, (_, j) => i * 1000 + j);
    const slots = Array.from({ length: 700 }, (_, i) => memory.add({ ...entry, index: i }, keyOf(i)));
    slots.forEach((slot, i) => expect(Array.from(memory.keyOf(slot))).toEqual(Array.from(keyOf(i))));
    const rebuilt = new SegmentMemory(memory.toJSON()).forChannel('a->b');
    rebuilt.forEach(({ key }, i) => expect(Array.from(key)).toEqual(Array.from(keyOf(i))));
  });

  it('gives a memory rebuilt from its JSON the same keys', () => {
    const memory = new SegmentMemory();
    memory.add(entry, Float32Array.from([1.5, -0.25]));
    const [stored] = new SegmentMemory(memory.toJSON()).forChannel('a->b');
    expect(Array.from(stored!.key)).toEqual([1.5, -0.25]);
  });
});
