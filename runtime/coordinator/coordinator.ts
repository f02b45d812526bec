/**
 * One run's coordinator: the segment memory with its latents, and which messages the gate
 * forwarded, over the shared CoordinatorModel. Implements the runtime's MessageCoordinator;
 * its state is a plain JSON snapshot, so it can be part of a run's persisted journal.
 * There is no recurrent state: docs/coordinator.md says why.
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { crossFeatures } from './cross-features.js';
import { segmentTags } from './features.js';
import { MemorySlot } from './memory.js';
import type { CoordinatorModel } from './model.js';
import type { HopScorer, StopRule } from './readout.js';
import { ReadoutMemory } from './readout-memory.js';
import type {
  CoordinatorMessage,
  CoordinatorStep,
  GateDecision,
  GateQuery,
  MessageCoordinator,
  RankedSlot,
  Readout,
  ReadoutQuery,
} from './types.js';

export const CoordinatorSnapshot = z.object({
  format: z.literal(3),
  /** sha256 of the encode graph the memory's latents were computed with: they only mean something to their model. */
  model: z.string(),
  memory: z.array(MemorySlot),
  /** Messages the gate forwarded as text, which readouts leave out. */
  delivered: z.array(z.string()),
});
export type CoordinatorSnapshot = z.infer<typeof CoordinatorSnapshot>;

/**
 * Scoring rounds of a readout (see selectMultiHop in readout.ts). 4 was chosen on coordbench's
 * validation split (docs/coordinator.md); 1 is the single-shot readout the model was trained for.
 */
export const DEFAULT_READOUT_HOPS = 4;

/**
 * Slots each query may add at a readout hop before the last (selectMultiHop's `perQuery`). 3 was
 * chosen on coordbench's validation split, where it read more than no limit, 1 or 2, and checked on
 * the natural corpus's, where it read as much as no limit (docs/coordinator.md, "Multi-hop readout").
 */
export const DEFAULT_READOUT_PER_QUERY = 3;

/**
 * A readout's per-query limit as given: absent, DEFAULT_READOUT_PER_QUERY; null, no limit (returned
 * as undefined); otherwise refused unless a whole number of at least 1.
 */
export function checkedPerQuery(perQuery: number | null | undefined): number | undefined {
  if (perQuery === undefined) return DEFAULT_READOUT_PER_QUERY;
  if (perQuery === null) return undefined;
  if (!Number.isInteger(perQuery) || perQuery < 1) throw new Error(`coordinator: a readout's per-query limit must be a whole number of at least 1, not ${perQuery}`);
  return perQuery;
}

export interface RunCoordinatorOptions {
  /** Scoring rounds per readout, at least 1 (default DEFAULT_READOUT_HOPS). */
  hops?: number;
  /**
   * Relevance logit a slot must score above to be read out (default: the manifest's
   * `threshold`, chosen at training for F1). Higher reads fewer slots: an operating point
   * that trades recall for tokens delivered (bench/readout-threshold.ts).
   */
  threshold?: number;
  /**
   * What each hop of a readout reads, in place of the threshold: how coordbench tries a per-query
   * stop (src/bench/readout-eval/stop-model.ts) through the very readout runs use.
   */
  stop?: StopRule;
  /**
   * Slots each query may add at a readout hop before the last, a whole number of at least 1; the
   * budget left after the hops is then filled in score order (see selectMultiHop). Default
   * DEFAULT_READOUT_PER_QUERY; null: no limit.
   */
  perQuery?: number | null;
  /**
   * Score a hybrid message's best segment must reach against its receiver's query to go as
   * text now (default: the manifest's `gateThreshold`, chosen on validation). −∞ forwards
   * every message (always send), +∞ none (never send): the gate's two baselines.
   */
  gateThreshold?: number;
}

export class RunCoordinator implements MessageCoordinator {
  readonly hops: number;
  readonly threshold: number;
  readonly gateThreshold: number;
  readonly stop: StopRule | undefined;
  readonly perQuery: number | undefined;
  private memory = new ReadoutMemory();
  private closed = false;

  constructor(
    private readonly model: CoordinatorModel,
    readonly runId: string,
    snapshot?: CoordinatorSnapshot,
    options: RunCoordinatorOptions = {},
  ) {
    this.hops = options.hops ?? DEFAULT_READOUT_HOPS;
    if (!Number.isInteger(this.hops) || this.hops < 1) throw new Error(`coordinator: readout hops must be a whole number of at least 1, not ${this.hops}`);
    this.threshold = options.threshold ?? model.manifest.threshold;
    this.gateThreshold = options.gateThreshold ?? model.manifest.gateThreshold;
    this.stop = options.stop;
    this.perQuery = checkedPerQuery(options.perQuery);
    // −∞ is allowed: read in score order until the budget is full (an operating point coordbench compares).
    if (Number.isNaN(this.threshold) || this.threshold === Infinity) throw new Error(`coordinator: readout threshold must be a logit or -Infinity, not ${this.threshold}`);
    if (Number.isNaN(this.gateThreshold)) throw new Error('coordinator: the gate threshold must be a logit or ±Infinity, not NaN');
    if (snapshot) this.restore(snapshot);
  }

  async write(message: CoordinatorMessage): Promise<CoordinatorStep> {
    this.assertOpen();
    const started = performance.now();
    if (message.segments.length === 0) {
      throw new Error(`coordinator: message ${message.id} on ${message.channel.id} has no segments to write`);
    }
    const tags = segmentTags(message.from, message.to);
    const ids = message.segments.map((s) => this.model.featurizer.ids(s.text, tags));
    this.memory.add(message, await this.model.encode(ids));
    return { overheadMs: performance.now() - started };
  }

  /**
   * The receiver-aware gate: the message goes as text now when one of its segments scores above
   * the gate threshold against what the receiver is looking for, scored as a readout scores it.
   */
  async gate({ message, query }: GateQuery): Promise<GateDecision> {
    this.assertOpen();
    const started = performance.now();
    const slots = this.memory.slotsOf(message.channel.id).filter((slot) => slot.message === message.id);
    if (slots.length === 0) throw new Error(`coordinator: gate(${message.id}) before write(${message.id}) — write the message first`);
    const best = Math.max(...Array.from(await this.scorer(query, slots)));
    const route = best > this.gateThreshold ? 'text' : 'latent';
    // The router forwards a 'text' message at once; a later readout must not deliver it again.
    if (route === 'text') this.memory.markDelivered(message.id);
    return { route, overheadMs: performance.now() - started };
  }

  async readout(query: ReadoutQuery): Promise<Readout> {
    this.assertOpen();
    const started = performance.now();
    const chosen = await this.memory.read(query, this.scorer, {
      hops: this.hops,
      threshold: this.threshold,
      ...(this.stop ? { stop: this.stop } : {}),
      ...(this.perQuery === undefined ? {} : { perQuery: this.perQuery }),
    });
    return {
      segments: chosen.map((slot) => ({ message: slot.message, from: slot.from, text: slot.text, latent: [...slot.latent] })),
      overheadMs: performance.now() - started,
    };
  }

  async rank(query: ReadoutQuery): Promise<RankedSlot[]> {
    this.assertOpen();
    const slots = this.memory.slotsOf(query.channel.id);
    const scores = slots.length === 0 ? [] : await this.scorer(query.query, slots);
    return slots.map((slot, i) => ({ message: slot.message, index: slot.index, text: slot.text, score: scores[i]! }));
  }

  /** The model's relevance logits of slots (all of one channel) against a query text; cross features see the channel's whole memory. */
  private readonly scorer: HopScorer = async (text, slots) => {
    const memory = this.memory.slotsOf(slots[0]!.channel);
    return this.model.score(crossFeatures(text, memory, slots.map((slot) => memory.indexOf(slot))));
  };

  /** The latent of each text: stateless, so the same text always gets the same vector. */
  async embed(texts: readonly string[]): Promise<number[][]> {
    this.assertOpen();
    const vectors = await this.model.encode(texts.map((text) => this.model.featurizer.ids(text)));
    return vectors.map((vector) => Array.from(vector));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.memory = new ReadoutMemory();
  }

  snapshot(): CoordinatorSnapshot {
    return { format: 3, model: this.model.sha256.encode, memory: this.memory.toJSON(), delivered: this.memory.deliveredMessages() };
  }

  private restore(snapshot: CoordinatorSnapshot): void {
    if (snapshot.model !== this.model.sha256.encode) {
      throw new Error(
        `coordinator: run ${this.runId} was saved with coordinator model ${snapshot.model.slice(0, 12)}… but ${this.model.sha256.encode.slice(0, 12)}… is loaded — resume with the model the run started with`,
      );
    }
    this.memory = new ReadoutMemory(snapshot.memory, snapshot.delivered);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`coordinator: run ${this.runId} is closed`);
  }
}
