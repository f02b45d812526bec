import { describe, expect, it } from 'vitest';
import { SegmentMemory } from '../../runtime/coordinator/memory.js';

const entry = { message: 'm1', channel: 'a->b', from: 'a', to: 'b', index: 0, text: 'Garrow is in Ostmark.', tokens: 6 };

describe('SegmentMemory', () => {
  it('keeps its own copy of a latent, as float32 numbers', () => {
    const memory = new SegmentMemory();
    const latent = Float32Array.from([0.1, -2.5, 3e-8]);
    const slot = memory.add(entry, latent);
    latent.fill(9);
    expect(slot.latent).toEqual([Math.fround(0.1), -2.5, Math.fround(3e-8)]);
    expect(memory.toJSON()[0]!.latent).toEqual([Math.fround(0.1), -2.5, Math.fround(3e-8)]);
  });

  it('numbers slots in arrival order and lists a channel\'s slots in that order', () => {
    const memory = new SegmentMemory();
    const slots = Array.from({ length: 5 }, (_, i) => memory.add({ ...entry, index: i, channel: i % 2 ? 'c->b' : 'a->b' }, Float32Array.of(i)));
    expect(slots.map((s) => s.slot)).toEqual([0, 1, 2, 3, 4]);
    expect(memory.forChannel('a->b').map((s) => s.latent[0])).toEqual([0, 2, 4]);
    expect(memory.forChannel('c->b').map((s) => s.slot)).toEqual([1, 3]);
  });

  it('gives a memory rebuilt from its JSON the same slots, and its JSON is a copy', () => {
    const memory = new SegmentMemory();
    memory.add(entry, Float32Array.from([1.5, -0.25]));
    const rebuilt = new SegmentMemory(memory.toJSON());
    memory.toJSON()[0]!.latent[0] = 7;
    expect(rebuilt.forChannel('a->b')).toEqual(memory.toJSON());
    expect(memory.toJSON()[0]!.latent).toEqual([1.5, -0.25]);
    expect(rebuilt.size).toBe(1);
  });

  it('rebuilds a memory of more slots than a function call takes arguments', () => {
    const slots = Array.from({ length: 200_000 }, (_, i) => ({ ...entry, slot: i, latent: [] }));
    expect(new SegmentMemory(slots).size).toBe(200_000);
  });
});
