/**
 * The coordinator model shared by every run in a process: three graphs (encode, step,
 * score; see models/coordinator.md) behind batchers, so that concurrent runs' calls go
 * through one session per graph in batches. Requests of different sizes are padded and
 * masked; the graphs are written so that padding never changes a real row's result.
 */
import { Batcher } from './batcher.js';
import { CROSS_FEATURES } from './cross-features.js';
import { MAX_IDS, type Featurizer } from './features.js';
import type { CoordinatorManifest } from './manifest.js';
import type { CoordinatorSessions, DeviceChoice } from './session.js';

export interface StepRequest {
  state: Float32Array;
  /** One encoded vector per segment of the message (at least one). */
  segments: Float32Array[];
}
export interface StepResult {
  state: Float32Array;
  activeModules: number[];
  gateLogit: number;
  /** One memory key per segment. */
  keys: Float32Array[];
}
export interface ScoreRequest {
  state: Float32Array;
  query: Float32Array;
  keys: Float32Array[];
  /** CROSS_FEATURES per key, row after row (runtime/coordinator/cross-features.ts). */
  cross: Float32Array;
}

export interface ModelOptions {
  /** Largest batch one session call takes (default 1024). */
  maxBatch?: number;
  maxWaitMs?: number;
}

function rows(data: Float32Array, width: number, count: number, offset = 0): Float32Array[] {
  return Array.from({ length: count }, (_, i) => data.slice(offset + i * width, offset + (i + 1) * width));
}

export class CoordinatorModel {
  readonly stateSize: number;
  readonly embedSize: number;
  readonly keySize: number;
  private readonly encoder: Batcher<Int32Array, Float32Array>;
  private readonly stepper: Batcher<StepRequest, StepResult>;
  private readonly scorer: Batcher<ScoreRequest, Float32Array>;

  constructor(
    readonly manifest: CoordinatorManifest,
    private readonly sessions: CoordinatorSessions,
    /** Text → ids over this model's vocabulary. */
    readonly featurizer: Featurizer,
    options: ModelOptions = {},
  ) {
    this.stateSize = manifest.stateSize;
    this.embedSize = manifest.config.embed;
    this.keySize = manifest.keySize;
    const batching = { maxBatch: options.maxBatch ?? 1024, maxWaitMs: options.maxWaitMs ?? 0 };
    this.encoder = new Batcher((requests) => this.encodeBatch(requests), batching);
    this.stepper = new Batcher((requests) => this.stepBatch(requests), batching);
    this.scorer = new Batcher((requests) => this.scoreBatch(requests), batching);
  }

  get device(): DeviceChoice {
    return this.sessions.device;
  }

  get sha256(): CoordinatorSessions['sha256'] {
    return this.sessions.sha256;
  }

  initialState(): Float32Array {
    return new Float32Array(this.stateSize);
  }

  /** Feature ids (MAX_IDS each, from features.ts) → one vector per row. */
  encode(ids: Int32Array[]): Promise<Float32Array[]> {
    return Promise.all(ids.map((row) => this.encoder.submit(row)));
  }

  step(request: StepRequest): Promise<StepResult> {
    if (request.segments.length === 0) throw new Error('coordinator: a message needs at least one segment');
    return this.stepper.submit(request);
  }

  /** Relevance logits of `keys` for a query; > 0 means the model thinks the slot is needed. */
  score(request: ScoreRequest): Promise<Float32Array> {
    if (request.keys.length === 0) return Promise.resolve(new Float32Array(0));
    if (request.cross.length !== request.keys.length * CROSS_FEATURES) {
      throw new Error(`coordinator: ${request.cross.length} cross features for ${request.keys.length} keys; ${CROSS_FEATURES} a key are needed`);
    }
    return this.scorer.submit(request);
  }

  release(): Promise<void> {
    return this.sessions.release();
  }

  private async encodeBatch(requests: Int32Array[]): Promise<Float32Array[]> {
    const ids = new Int32Array(requests.length * MAX_IDS);
    requests.forEach((row, i) => ids.set(row.subarray(0, MAX_IDS), i * MAX_IDS));
    const out = await this.sessions.graphs.encode.run({ ids: { data: ids, dims: [requests.length, MAX_IDS] } });
    return rows(out.vectors!.data as Float32Array, this.embedSize, requests.length);
  }

  private async stepBatch(requests: StepRequest[]): Promise<StepResult[]> {
    const B = requests.length;
    const S = Math.max(...requests.map((r) => r.segments.length));
    const D = this.embedSize;
    const state = new Float32Array(B * this.stateSize);
    const segments = new Float32Array(B * S * D);
    const mask = new Float32Array(B * S);
    requests.forEach((r, b) => {
      state.set(r.state, b * this.stateSize);
      r.segments.forEach((vector, s) => {
        segments.set(vector, (b * S + s) * D);
        mask[b * S + s] = 1;
      });
    });
    const out = await this.sessions.graphs.step.run({
      state: { data: state, dims: [B, this.stateSize] },
      segments: { data: segments, dims: [B, S, D] },
      segment_mask: { data: mask, dims: [B, S] },
    });
    const nextState = out.next_state!.data as Float32Array;
    const active = out.active!.data;
    const gate = out.gate_logit!.data as Float32Array;
    const keys = out.keys!.data as Float32Array;
    const K = this.manifest.config.modules;
    const E = this.keySize;
    return requests.map((r, b) => ({
      state: nextState.slice(b * this.stateSize, (b + 1) * this.stateSize),
      activeModules: Array.from({ length: K }, (_, k) => k).filter((k) => active[b * K + k] !== 0),
      gateLogit: gate[b]!,
      keys: rows(keys, E, r.segments.length, b * S * E),
    }));
  }

  private async scoreBatch(requests: ScoreRequest[]): Promise<Float32Array[]> {
    const B = requests.length;
    const M = Math.max(...requests.map((r) => r.keys.length));
    const E = this.keySize;
    const state = new Float32Array(B * this.stateSize);
    const query = new Float32Array(B * this.embedSize);
    const keys = new Float32Array(B * M * E);
    const mask = new Float32Array(B * M);
    const cross = new Float32Array(B * M * CROSS_FEATURES);
    requests.forEach((r, b) => {
      state.set(r.state, b * this.stateSize);
      query.set(r.query, b * this.embedSize);
      cross.set(r.cross, b * M * CROSS_FEATURES);
      r.keys.forEach((key, m) => {
        keys.set(key, (b * M + m) * E);
        mask[b * M + m] = 1;
      });
    });
    const out = await this.sessions.graphs.score.run({
      state: { data: state, dims: [B, this.stateSize] },
      query: { data: query, dims: [B, this.embedSize] },
      keys: { data: keys, dims: [B, M, E] },
      key_mask: { data: mask, dims: [B, M] },
      cross: { data: cross, dims: [B, M, CROSS_FEATURES] },
    });
    const scores = out.scores!.data as Float32Array;
    return requests.map((r, b) => scores.slice(b * M, b * M + r.keys.length));
  }
}
