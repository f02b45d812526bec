import { z } from 'zod';

/**
 * One run's memory: every segment written through a latent or hybrid channel, with the latent
 * vector the model gave it when it arrived (handed to function agents; the score reads the
 * text, through cross features). Slots are never rewritten, so a readout can always cite what was sent.
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
  latent: z.array(z.number()),
});
export type MemorySlot = z.infer<typeof MemorySlot>;

export class SegmentMemory {
  private readonly slots: MemorySlot[] = [];

  constructor(slots: readonly MemorySlot[] = []) {
    // A loop, not push(...slots): a long run's memory can hold more slots than a call takes arguments.
    for (const slot of slots) this.slots.push(slot);
  }

  /** Stores a segment with a copy of its latent (a row of a session call's output, which is not kept alive). */
  add(entry: Omit<MemorySlot, 'slot' | 'latent'>, latent: Float32Array): MemorySlot {
    // A plain loop: Array.from walks a typed array through its iterator, a measurable share of a write.
    const copy = new Array<number>(latent.length);
    for (let i = 0; i < latent.length; i++) copy[i] = latent[i]!;
    const slot = { ...entry, slot: this.slots.length, latent: copy };
    this.slots.push(slot);
    return slot;
  }

  /** Slots written to `channel`, in arrival order. */
  forChannel(channel: string): MemorySlot[] {
    return this.slots.filter((slot) => slot.channel === channel);
  }

  get size(): number {
    return this.slots.length;
  }

  toJSON(): MemorySlot[] {
    return this.slots.map((slot) => ({ ...slot, latent: [...slot.latent] }));
  }
}
