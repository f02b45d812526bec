/**
 * One run's coordinator: the recurrent state, the segment memory and the gate decisions,
 * over the shared CoordinatorModel. Implements the runtime's MessageCoordinator; its
 * state is a plain JSON snapshot, so it can be part of a run's persisted journal.
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { crossFeatures } from './cross-features.js';
import { queryTags, segmentTags } from './features.js';
import { MemorySlot } from './memory.js';
import type { CoordinatorModel } from './model.js';
import type { HopScorer } from './readout.js';
import { ReadoutMemory } from './readout-memory.js';
import type {
  CoordinatorMessage,
  CoordinatorStep,
  GateDecision,
  MessageCoordinator,
  RankedSlot,
  Readout,
  ReadoutQuery,
} from './types.js';

export const CoordinatorSnapshot = z.object({
  format: z.literal(1),
  /** sha256 of the step graph the state was computed with; a state only means something to its model. */
  model: z.string(),
  steps: z.number().int().nonnegative(),
  state: z.array(z.number()),
  memory: z.array(MemorySlot),
  /** Gate logit and active modules of each written message, by message id. */
  written: z.record(z.string(), z.object({ gateLogit: z.number(), activeModules: z.array(z.number().int()) })),
  /** Messages the gate forwarded as text, which readouts leave out. */
  delivered: z.array(z.string()),
});
export type CoordinatorSnapshot = z.infer<typeof CoordinatorSnapshot>;

/**
 * Scoring rounds of a readout (see selectMultiHop in readout.ts). 4 was chosen on coordbench's
 * validation split (docs/coordinator.md); 1 is the single-shot readout the model was trained for.
 */
export const DEFAULT_READOUT_HOPS = 4;

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
   * Scores with the recurrent state replaced by zeros: the state ablation coordbench measures
   * (does the state earn its place?). Not for production runs.
   */
  zeroState?: boolean;
}

export class RunCoordinator implements MessageCoordinator {
  readonly hops: number;
  readonly threshold: number;
  readonly zeroState: boolean;
  private state: Float32Array;
  private steps = 0;
  private memory = new ReadoutMemory();
  private written = new Map<string, { gateLogit: number; activeModules: number[] }>();
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
    this.zeroState = options.zeroState ?? false;
    // −∞ is allowed: read in score order until the budget is full (an operating point coordbench compares).
    if (Number.isNaN(this.threshold) || this.threshold === Infinity) throw new Error(`coordinator: readout threshold must be a logit or -Infinity, not ${this.threshold}`);
    this.state = model.initialState();
    if (snapshot) this.restore(snapshot);
  }

  async write(message: CoordinatorMessage): Promise<CoordinatorStep> {
    this.assertOpen();
    const started = performance.now();
    if (message.segments.length === 0) {
      throw new Error(`coordinator: message ${message.id} on ${message.channel.id} has no segments to write`);
    }
    const ids = message.segments.map((s) => this.model.featurizer.ids(s.text, segmentTags(message.from, message.to)));
    const vectors = await this.model.encode(ids);
    const result = await this.model.step({ state: this.state, segments: vectors });
    this.state = result.state;
    this.steps++;
    this.memory.add(message, result.keys);
    this.written.set(message.id, { gateLogit: result.gateLogit, activeModules: result.activeModules });
    return { activeModules: result.activeModules, overheadMs: performance.now() - started };
  }

  async gate(message: CoordinatorMessage): Promise<GateDecision> {
    this.assertOpen();
    const written = this.written.get(message.id);
    if (!written) throw new Error(`coordinator: gate(${message.id}) before write(${message.id}) — write the message first`);
    const route = written.gateLogit > 0 ? 'text' : 'latent';
    // The router forwards a 'text' message at once; a later readout must not deliver it again.
    if (route === 'text') this.memory.markDelivered(message.id);
    return { route, activeModules: written.activeModules, overheadMs: 0 };
  }

  async readout(query: ReadoutQuery): Promise<Readout> {
    this.assertOpen();
    const started = performance.now();
    const chosen = await this.memory.read(query, this.scorer(query.receiver), { hops: this.hops, threshold: this.threshold });
    return {
      segments: chosen.map((slot) => ({ message: slot.message, from: slot.from, text: slot.text, latent: [...slot.key] })),
      activeModules: [],
      overheadMs: performance.now() - started,
    };
  }

  async rank(query: ReadoutQuery): Promise<RankedSlot[]> {
    this.assertOpen();
    const slots = this.memory.slotsOf(query.channel.id);
    const scores = slots.length === 0 ? [] : await this.scorer(query.receiver)(query.query, slots);
    return slots.map((slot, i) => ({ message: slot.message, index: slot.index, text: slot.text, score: scores[i]! }));
  }

  /**
   * The model's relevance logits of slots (all of one channel) against a query text, as `receiver`
   * asks it; query vectors are encoded once per text. Cross features see the channel's whole memory.
   */
  private scorer(receiver: string): HopScorer {
    const vectors = new Map<string, Promise<Float32Array[]>>();
    return async (text, slots) => {
      let vector = vectors.get(text);
      if (!vector) vectors.set(text, (vector = this.model.encode([this.model.featurizer.ids(text, queryTags(receiver))])));
      const [query] = await vector;
      const memory = this.memory.slotsOf(slots[0]!.channel);
      const cross = crossFeatures(text, memory, slots.map((slot) => memory.indexOf(slot)));
      const state = this.zeroState ? new Float32Array(this.state.length) : this.state;
      return this.model.score({ state, query: query!, keys: slots.map((slot) => this.memory.keyOf(slot)), cross });
    };
  }

  /** The encoder's vector of each text: stateless, so the same text always gets the same vector. */
  async embed(texts: readonly string[]): Promise<number[][]> {
    this.assertOpen();
    const vectors = await this.model.encode(texts.map((text) => this.model.featurizer.ids(text)));
    return vectors.map((vector) => Array.from(vector));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.memory = new ReadoutMemory();
    this.written.clear();
  }

  snapshot(): CoordinatorSnapshot {
    return {
      format: 1,
      model: this.model.sha256.step,
      steps: this.steps,
      state: Array.from(this.state),
      memory: this.memory.toJSON(),
      written: Object.fromEntries(this.written),
      delivered: this.memory.deliveredMessages(),
    };
  }

  private restore(snapshot: CoordinatorSnapshot): void {
    if (snapshot.model !== this.model.sha256.step) {
      throw new Error(
        `coordinator: run ${this.runId} was saved with coordinator model ${snapshot.model.slice(0, 12)}… but ${this.model.sha256.step.slice(0, 12)}… is loaded — resume with the model the run started with`,
      );
    }
    if (snapshot.state.length !== this.model.stateSize) {
      throw new Error(`coordinator: run ${this.runId} snapshot has ${snapshot.state.length} state values, the model needs ${this.model.stateSize}`);
    }
    this.state = Float32Array.from(snapshot.state);
    this.steps = snapshot.steps;
    this.memory = new ReadoutMemory(snapshot.memory, snapshot.delivered);
    this.written = new Map(Object.entries(snapshot.written));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`coordinator: run ${this.runId} is closed`);
  }
}
