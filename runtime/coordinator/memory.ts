import { z } from 'zod';

/**
 * One run's key-value memory: every segment written through a latent or hybrid channel,
 * with the key the model gave it when it arrived (the value is the segment's text, read
 * out verbatim). Slots are never rewritten, so a readout can always cite what was sent.
 */
export const MemorySlot = z.object({
  /** Order of arrival in the run, from 0. */
  slot: z.number().int().nonnegative(),
  message: z.string(),
  channel: z.string(),
  from: z.string(),
  to: z.string(),
  /** Position of the segment in its message. */
  index: z.number().int().nonnegative(),
  text: z.string(),
  tokens: z.number().int().nonnegative(),
  key: z.array(z.number()),
});
export type MemorySlot = z.infer<typeof MemorySlot>;

export class SegmentMemory {
  private readonly slots: MemorySlot[] = [];
  /** Keys as typed arrays, kept beside the serialisable slots so scoring does not convert them each time. */
  private readonly keys: Float32Array[] = [];

  constructor(slots: readonly MemorySlot[] = []) {
    for (const slot of slots) this.push(slot);
  }

  /**
   * Stores a segment with its key, which the memory takes as its own: a key that is a whole buffer
   * (the only row of a write's session call) is kept as it is, a view into a larger one (a row of a
   * batch) is copied, so that it does not keep the rest of that buffer alive.
   */
  add(entry: Omit<MemorySlot, 'slot' | 'key'>, key: Float32Array): MemorySlot {
    // A plain loop: Array.from walks a typed array through its iterator, a measurable share of a write.
    const json = new Array<number>(key.length);
    for (let i = 0; i < key.length; i++) json[i] = key[i]!;
    const own = key.byteLength === key.buffer.byteLength ? key : key.slice();
    return this.push({ ...entry, slot: this.slots.length, key: json }, own);
  }

  /** Slots written to `channel`, in arrival order, with their keys. */
  forChannel(channel: string): { slot: MemorySlot; key: Float32Array }[] {
    const out: { slot: MemorySlot; key: Float32Array }[] = [];
    this.slots.forEach((slot, i) => {
      if (slot.channel === channel) out.push({ slot, key: this.keys[i]! });
    });
    return out;
  }

  /** The key of a slot of this memory, as a typed array. */
  keyOf(slot: MemorySlot): Float32Array {
    const key = this.keys[slot.slot];
    if (!key || this.slots[slot.slot] !== slot) throw new Error(`memory: slot ${slot.slot} is not in this memory`);
    return key;
  }

  get size(): number {
    return this.slots.length;
  }

  toJSON(): MemorySlot[] {
    return this.slots.map((slot) => ({ ...slot, key: [...slot.key] }));
  }

  private push(slot: MemorySlot, key: Float32Array = Float32Array.from(slot.key)): MemorySlot {
    this.slots.push(slot);
    this.keys.push(key);
    return slot;
  }
}
