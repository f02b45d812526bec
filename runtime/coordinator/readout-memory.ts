/**
 * The readout machinery every coordinator shares, learned or not: a run's segment memory,
 * the channels each receiver reads, and the multi-hop readout over them. A coordinator
 * supplies only how it scores a query against slots, so two coordinators that differ in
 * their scores differ in nothing else (coordbench's fairness rule, ARCHITECTURE.md).
 */
import { MemorySlot, SegmentMemory } from './memory.js';
import { selectMultiHop, type HopScorer, type StopRule } from './readout.js';
import type { CoordinatorMessage, ReadoutQuery } from './types.js';

export interface ReadoutSettings {
  /** Scoring rounds, at least 1 (see selectMultiHop). */
  hops: number;
  /** A slot is read only when its score is above this, unless `stop` decides. */
  threshold: number;
  /** A per-query stop that decides what each hop reads instead of the threshold. */
  stop?: StopRule;
  /** Slots each query may add at a hop before the last (see selectMultiHop); absent: no limit. */
  perQuery?: number;
}

export class ReadoutMemory {
  private memory: SegmentMemory;
  /** Channels each receiver has memory on, in order of first write: a multi-hop readout follows facts across them. */
  private readonly channelsTo = new Map<string, string[]>();
  /** Messages forwarded as text (a hybrid gate's choice): their receiver has them, so a readout never repeats them. */
  private readonly delivered: Set<string>;

  constructor(slots: readonly MemorySlot[] = [], delivered: readonly string[] = []) {
    this.memory = new SegmentMemory(slots);
    this.delivered = new Set(delivered);
    for (const slot of slots) this.noteChannel(slot.to, slot.channel);
  }

  /** Marks a stored message as already delivered as text. */
  markDelivered(message: string): void {
    this.delivered.add(message);
  }

  deliveredMessages(): string[] {
    return [...this.delivered];
  }

  /** Stores each segment of `message` with its latent (one per segment, in order). */
  add(message: CoordinatorMessage, latents: readonly Float32Array[]): void {
    this.noteChannel(message.to, message.channel.id);
    message.segments.forEach((segment, i) => {
      this.memory.add(
        { message: message.id, channel: message.channel.id, from: message.from, to: message.to, index: segment.index, text: segment.text, tokens: segment.tokens },
        latents[i] ?? new Float32Array(0),
      );
    });
  }

  /** Slots written to `channel`, in arrival order (those delivered as text included: they are context for scoring). */
  slotsOf(channel: string): MemorySlot[] {
    return this.memory.forChannel(channel);
  }

  /** The slots of `channel` a readout may select: all but those already delivered as text. */
  private readable(channel: string): MemorySlot[] {
    return this.slotsOf(channel).filter((slot) => !this.delivered.has(slot.message));
  }

  /**
   * What `query.receiver` reads from `query.channel`: the multi-hop readout, where later hops
   * may reach facts through the receiver's other channels (each channel's selection keeps to
   * the asked budget). Returns the channel's selection in arrival order.
   */
  async read(query: ReadoutQuery, score: HopScorer, settings: ReadoutSettings): Promise<MemorySlot[]> {
    const stored = this.readable(query.channel.id);
    if (stored.length === 0 || query.budgetTokens <= 0) return [];
    const others = settings.hops === 1 ? [] : (this.channelsTo.get(query.receiver) ?? []).filter((id) => id !== query.channel.id);
    const [chosen] = await selectMultiHop([stored, ...others.map((id) => this.readable(id))], query.query, score, {
      hops: settings.hops,
      budgetTokens: query.budgetTokens,
      countTokens: query.countTokens,
      threshold: settings.threshold,
      ...(settings.stop ? { stop: settings.stop } : {}),
      ...(settings.perQuery === undefined ? {} : { perQuery: settings.perQuery }),
    });
    return chosen!;
  }

  get size(): number {
    return this.memory.size;
  }

  toJSON(): MemorySlot[] {
    return this.memory.toJSON();
  }

  private noteChannel(receiver: string, channel: string): void {
    const channels = this.channelsTo.get(receiver) ?? [];
    if (!channels.includes(channel)) this.channelsTo.set(receiver, [...channels, channel]);
  }
}
