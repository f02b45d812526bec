/**
 * The coordinator model shared by every run in a process: two graphs (encode: a segment's
 * latent; score: relevance logits from cross features; see models/coordinator.md) behind
 * batchers, so that concurrent runs' calls go through one session per graph in batches.
 * Requests of different sizes are padded and masked; the graphs are written so that padding
 * never changes a real row's result.
 */
import { Batcher } from './batcher.js';
import { CROSS_FEATURES } from './cross-features.js';
import { MAX_IDS, type Featurizer } from './features.js';
import type { CoordinatorManifest } from './manifest.js';
import type { CoordinatorSessions, DeviceChoice, IntArray } from './session.js';

/** CROSS_FEATURES per slot to score, row after row (runtime/coordinator/cross-features.ts). */
export type ScoreRequest = Float32Array;

export interface ModelOptions {
  /** Most requests the batcher gathers before it flushes (default 1024). */
  maxBatch?: number;
  maxWaitMs?: number;
}

/**
 * Most ids (rows × columns) one encode session call gathers. The graph gathers an N×L×64 block of
 * embedding rows before summing it; 8,192 ids make a 2 MiB block, which stays in cache, where
 * 7,168 rows of 128 ids in one call spent most of their time on memory (docs/coordinator.md, "Speed").
 */
export const ENCODE_IDS_PER_CALL = 8192;

/**
 * Ids a row uses (at least one column). features.ts writes its ids (all ≥ 1) first and zero padding
 * after, so the first zero is found by bisection: 7 reads, where a scan read about a hundred a row.
 */
function usedWidth(row: Int32Array): number {
  let low = 0;
  let high = Math.min(row.length, MAX_IDS);
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (row[mid] === 0) high = mid;
    else low = mid + 1;
  }
  return Math.max(low, 1);
}

/**
 * Feature id rows (MAX_IDS each, as features.ts writes them) as one encode input, cut to the widest
 * row's ids: a padding column adds nothing to any row's sum, and most texts use a fraction of
 * MAX_IDS, so the graph gathers and sums far fewer rows. `width` is that widest row's, when known.
 * A lone row goes as a view of itself: a write at batch 1 allocates no copy.
 */
export function packIds(requests: readonly Int32Array[], width = requests.reduce((widest, row) => Math.max(widest, usedWidth(row)), 1)): IntArray {
  const only = requests.length === 1 ? requests[0]! : undefined;
  if (only && only.length >= width) return { data: only.subarray(0, width), dims: [1, width] };
  const data = new Int32Array(requests.length * width);
  for (let i = 0; i < requests.length; i++) {
    const row = requests[i]!;
    const columns = Math.min(width, row.length);
    for (let j = 0; j < columns; j++) data[i * width + j] = row[j]!;
  }
  return { data, dims: [requests.length, width] };
}

/** One encode session call: rows start…end-1, packed to `width` columns. */
export interface EncodeCall {
  start: number;
  end: number;
  width: number;
}

/** Where to cut `rows` into session calls of at most ENCODE_IDS_PER_CALL ids once packed (each call at least one row). */
export function encodeCalls(rows: readonly Int32Array[]): EncodeCall[] {
  const calls: EncodeCall[] = [];
  let start = 0;
  let width = 1;
  for (let end = 0; end < rows.length; end++) {
    const used = usedWidth(rows[end]!);
    const widened = Math.max(width, used);
    if (end > start && (end - start + 1) * widened > ENCODE_IDS_PER_CALL) {
      calls.push({ start, end, width });
      start = end;
      width = used;
    } else width = widened;
  }
  if (start < rows.length) calls.push({ start, end: rows.length, width });
  return calls;
}

export class CoordinatorModel {
  /** Floats in a latent vector. */
  readonly latentSize: number;
  private readonly encoder: Batcher<readonly Int32Array[], Float32Array[]>;
  private readonly scorer: Batcher<ScoreRequest, Float32Array>;
  /** The encode graph's id columns when they are fixed (graphs exported before the axis was dynamic take MAX_IDS). */
  private readonly fixedIdColumns: number | undefined;

  constructor(
    readonly manifest: CoordinatorManifest,
    private readonly sessions: CoordinatorSessions,
    /** Text → ids over this model's vocabulary. */
    readonly featurizer: Featurizer,
    options: ModelOptions = {},
  ) {
    this.latentSize = manifest.config.embed;
    const columns = sessions.graphs.encode.inputShapes.ids?.[1];
    this.fixedIdColumns = typeof columns === 'number' ? columns : undefined;
    const batching = { maxBatch: options.maxBatch ?? 1024, maxWaitMs: options.maxWaitMs ?? 0 };
    this.encoder = new Batcher((requests) => this.encodeBatch(requests), batching);
    this.scorer = new Batcher((requests) => this.scoreBatch(requests), batching);
  }

  get device(): DeviceChoice {
    return this.sessions.device;
  }

  get sha256(): CoordinatorSessions['sha256'] {
    return this.sessions.sha256;
  }

  /**
   * Feature ids (MAX_IDS each, from features.ts) → one latent vector per row. Each row is a view into its
   * session call's output, which it keeps alive: copy a row that is kept (SegmentMemory copies the latents
   * it stores), so that one copy is made, not two.
   */
  encode(ids: readonly Int32Array[]): Promise<Float32Array[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.encoder.submit(ids);
  }

  /** Relevance logits of slots from their cross features (CROSS_FEATURES a slot); > 0 means the model thinks the slot is needed. */
  score(cross: ScoreRequest): Promise<Float32Array> {
    if (cross.length % CROSS_FEATURES !== 0) {
      throw new Error(`coordinator: ${cross.length} cross features do not make whole slots of ${CROSS_FEATURES}`);
    }
    return cross.length === 0 ? Promise.resolve(new Float32Array(0)) : this.scorer.submit(cross);
  }

  release(): Promise<void> {
    return this.sessions.release();
  }

  /** Every request's rows, in order, through session calls of at most ENCODE_IDS_PER_CALL ids. */
  private async encodeBatch(requests: (readonly Int32Array[])[]): Promise<Float32Array[][]> {
    const results: Float32Array[][] = [];
    const all: Int32Array[] = [];
    const owner: number[] = [];
    for (let i = 0; i < requests.length; i++) {
      results.push([]);
      for (const row of requests[i]!) {
        all.push(row);
        owner.push(i);
      }
    }
    const size = this.latentSize;
    for (const { start, end, width } of encodeCalls(all)) {
      const rows = start === 0 && end === all.length ? all : all.slice(start, end);
      const out = await this.sessions.graphs.encode.run({ ids: packIds(rows, this.fixedIdColumns ?? width) });
      const vectors = out.vectors!.data as Float32Array;
      for (let row = 0; row < end - start; row++) results[owner[start + row]!]!.push(vectors.subarray(row * size, (row + 1) * size));
    }
    return results;
  }

  /** Requests with fewer slots than the batch's most are padded with masked slots. A lone request goes as it is. */
  private async scoreBatch(requests: ScoreRequest[]): Promise<Float32Array[]> {
    const B = requests.length;
    const M = Math.max(...requests.map((r) => r.length / CROSS_FEATURES));
    const cross = B === 1 ? requests[0]! : new Float32Array(B * M * CROSS_FEATURES);
    const mask = new Float32Array(B * M);
    requests.forEach((r, b) => {
      if (B > 1) cross.set(r, b * M * CROSS_FEATURES);
      mask.fill(1, b * M, b * M + r.length / CROSS_FEATURES);
    });
    const out = await this.sessions.graphs.score.run({
      cross: { data: cross, dims: [B, M, CROSS_FEATURES] },
      slot_mask: { data: mask, dims: [B, M] },
    });
    const scores = out.scores!.data as Float32Array;
    return requests.map((r, b) => scores.slice(b * M, b * M + r.length / CROSS_FEATURES));
  }
}
