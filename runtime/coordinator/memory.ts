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

/** The most floats a block of keys grows to (256 keys of the shipped model's 96). */
const KEY_BLOCK_FLOATS = 24_576;

export class SegmentMemory {
  private readonly slots: MemorySlot[] = [];
  /** Keys as typed arrays, kept beside the serialisable slots so scoring does not convert them each time. */
  private readonly keys: Float32Array[] = [];
  /**
   * Keys are copied into blocks, each twice the last up to KEY_BLOCK_FLOATS, rather than each into a
   * buffer of its own: allocating a buffer costs about a microsecond, a few percent of a write.
   */
  private block = new Float32Array(0);
  private blockUsed = 0;

  constructor(slots: readonly MemorySlot[] = []) {
    for (const slot of slots) this.push(slot, slot.key);
  }

  /** Stores a segment with a copy of its key (a row of a session call's output, which is not kept alive). */
  add(entry: Omit<MemorySlot, 'slot' | 'key'>, key: Float32Array): MemorySlot {
    // A plain loop: Array.from walks a typed array through its iterator, a measurable share of a write.
    const json = new Array<number>(key.length);
    for (let i = 0; i < key.length; i++) json[i] = key[i]!;
    return this.push({ ...entry, slot: this.slots.length, key: json }, key);
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

  private push(slot: MemorySlot, key: ArrayLike<number>): MemorySlot {
    if (this.blockUsed + key.length > this.block.length) {
      this.block = new Float32Array(Math.max(key.length, Math.min(2 * this.block.length || 8 * key.length, KEY_BLOCK_FLOATS)));
      this.blockUsed = 0;
    }
    const stored = this.block.subarray(this.blockUsed, (this.blockUsed += key.length));
    stored.set(key);
    this.slots.push(slot);
    this.keys.push(stored);
    return slot;
  }
}
