/**
 * The coordinator model shared by every run in a process: two graphs (encode, score;
 * see models/coordinator.md) behind batchers, so that concurrent runs' calls go
 * through one session per graph in batches. Requests of different sizes are padded and
 * masked; the graphs are written so that padding never changes a real row's result.
 */
import { Batcher } from './batcher.js';
import { CROSS_FEATURES } from './cross-features.js';
import { MAX_IDS, type Featurizer } from './features.js';
import type { CoordinatorManifest } from './manifest.js';
import type { CoordinatorSessions, DeviceChoice, IntArray } from './session.js';

/** Rows to encode for one caller (a message's segments, or query texts), and which output it wants. */
interface EncodeRequest {
  ids: readonly Int32Array[];
  output: 'vectors' | 'keys';
}
const OUTPUTS: readonly EncodeRequest['output'][] = ['vectors', 'keys'];

export interface ScoreRequest {
  query: Float32Array;
  keys: Float32Array[];
  /** CROSS_FEATURES per key, row after row (runtime/coordinator/cross-features.ts). */
  cross: Float32Array;
}

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
  readonly embedSize: number;
  readonly keySize: number;
  private readonly encoder: Batcher<EncodeRequest, Float32Array[]>;
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
    this.embedSize = manifest.config.embed;
    this.keySize = manifest.keySize;
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
   * Feature ids (MAX_IDS each, from features.ts) → one vector per row (a query's, or a text's for `embed`).
   * Here and in `keys`, each row is a view into its session call's output, which it keeps alive: copy a
   * row that is kept (SegmentMemory copies the keys it stores), so that one copy is made, not two.
   */
  encode(ids: readonly Int32Array[]): Promise<Float32Array[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.encoder.submit({ ids, output: 'vectors' });
  }

  /** Feature ids of segments → one memory key each (the same encode call as `encode`: one session call a write). */
  keys(ids: readonly Int32Array[]): Promise<Float32Array[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.encoder.submit({ ids, output: 'keys' });
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

  /** Every request's rows, in order, through session calls of at most ENCODE_IDS_PER_CALL ids. */
  private async encodeBatch(requests: EncodeRequest[]): Promise<Float32Array[][]> {
    const results: Float32Array[][] = [];
    const all: Int32Array[] = [];
    const owner: number[] = [];
    for (let i = 0; i < requests.length; i++) {
      results.push([]);
      for (const row of requests[i]!.ids) {
        all.push(row);
        owner.push(i);
      }
    }
    const wanted = OUTPUTS.filter((name) => requests.some((request) => request.output === name));
    const sizes = { vectors: this.embedSize, keys: this.keySize };
    for (const { start, end, width } of encodeCalls(all)) {
      const rows = start === 0 && end === all.length ? all : all.slice(start, end);
      const out = await this.sessions.graphs.encode.run({ ids: packIds(rows, this.fixedIdColumns ?? width) }, wanted);
      const outputs: Partial<Record<EncodeRequest['output'], Float32Array>> = {};
      for (const name of wanted) outputs[name] = out[name]!.data as Float32Array;
      for (let row = 0; row < end - start; row++) {
        const i = owner[start + row]!;
        const output = requests[i]!.output;
        const size = sizes[output];
        results[i]!.push(outputs[output]!.subarray(row * size, (row + 1) * size));
      }
    }
    return results;
  }

  private async scoreBatch(requests: ScoreRequest[]): Promise<Float32Array[]> {
    const B = requests.length;
    const M = Math.max(...requests.map((r) => r.keys.length));
    const E = this.keySize;
    const query = new Float32Array(B * this.embedSize);
    const keys = new Float32Array(B * M * E);
    const mask = new Float32Array(B * M);
    const cross = new Float32Array(B * M * CROSS_FEATURES);
    requests.forEach((r, b) => {
      query.set(r.query, b * this.embedSize);
      cross.set(r.cross, b * M * CROSS_FEATURES);
      r.keys.forEach((key, m) => {
        keys.set(key, (b * M + m) * E);
        mask[b * M + m] = 1;
      });
    });
    const out = await this.sessions.graphs.score.run({
      query: { data: query, dims: [B, this.embedSize] },
      keys: { data: keys, dims: [B, M, E] },
      key_mask: { data: mask, dims: [B, M] },
      cross: { data: cross, dims: [B, M, CROSS_FEATURES] },
    });
    const scores = out.scores!.data as Float32Array;
    return requests.map((r, b) => scores.slice(b * M, b * M + r.keys.length));
  }
}
