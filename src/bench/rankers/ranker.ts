import { performance } from 'node:perf_hooks';
import type { MemorySlot } from '../../../runtime/coordinator/memory.js';
import { ReadoutMemory } from '../../../runtime/coordinator/readout-memory.js';
import { DEFAULT_READOUT_HOPS, checkedPerQuery } from '../../../runtime/coordinator/coordinator.js';
import type {
  CoordinatorMessage,
  CoordinatorStep,
  GateDecision,
  MessageCoordinator,
  RankedSlot,
  Readout,
  ReadoutQuery,
} from '../../../runtime/coordinator/types.js';

/**
 * A non-learned way to score memory slots against a query: BM25, word vectors, chance,
 * recency, or the oracle. Scores only rank; `threshold` is the ranker's own "not relevant"
 * line in its units (an operating point, chosen on validation like the learned model's).
 */
export interface Ranker {
  readonly name: string;
  /** Default operating point: a slot is read only when its score is above this. */
  readonly threshold: number;
  score(query: string, slots: readonly MemorySlot[], receiver: string): number[];
}

export interface RankerSettings {
  hops?: number;
  threshold?: number;
  /** Slots each query may add at a hop before the last (see selectMultiHop; default DEFAULT_READOUT_PER_QUERY, null: no limit). */
  perQuery?: number | null;
}

/**
 * A coordinator that scores with a `Ranker` and reads out through the very same
 * ReadoutMemory (multi-hop, cross-channel, budgets, threshold) as the learned coordinator,
 * so any difference between them is the scores'. It has no recurrent state and never
 * forwards text on hybrid channels (gate: latent).
 */
export class RankerCoordinator implements MessageCoordinator {
  readonly hops: number;
  readonly threshold: number;
  readonly perQuery: number | undefined;
  private memory = new ReadoutMemory();

  constructor(
    readonly ranker: Ranker,
    settings: RankerSettings = {},
  ) {
    this.hops = settings.hops ?? DEFAULT_READOUT_HOPS;
    this.threshold = settings.threshold ?? ranker.threshold;
    this.perQuery = checkedPerQuery(settings.perQuery);
  }

  async write(message: CoordinatorMessage): Promise<CoordinatorStep> {
    const started = performance.now();
    this.memory.add(message, []);
    return { overheadMs: performance.now() - started };
  }

  async gate(): Promise<GateDecision> {
    return { route: 'latent', overheadMs: 0 };
  }

  async readout(query: ReadoutQuery): Promise<Readout> {
    const started = performance.now();
    const chosen = await this.memory.read(query, async (text, slots) => this.ranker.score(text, slots, query.receiver), {
      hops: this.hops,
      threshold: this.threshold,
      ...(this.perQuery === undefined ? {} : { perQuery: this.perQuery }),
    });
    return {
      segments: chosen.map((slot) => ({ message: slot.message, from: slot.from, text: slot.text, latent: [] })),
      overheadMs: performance.now() - started,
    };
  }

  async rank(query: ReadoutQuery): Promise<RankedSlot[]> {
    const slots = this.memory.slotsOf(query.channel.id);
    const scores = this.ranker.score(query.query, slots, query.receiver);
    return slots.map((slot, i) => ({ message: slot.message, index: slot.index, text: slot.text, score: scores[i]! }));
  }

  async close(): Promise<void> {
    this.memory = new ReadoutMemory();
  }
}
