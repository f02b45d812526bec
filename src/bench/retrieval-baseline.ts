import { performance } from 'node:perf_hooks';
import type {
  CoordinatorMessage,
  CoordinatorStep,
  GateDecision,
  MessageCoordinator,
  Readout,
  ReadoutQuery,
} from '../../runtime/coordinator/types.js';

/**
 * The non-learned baseline for latent channels: each segment becomes a hashed
 * bag-of-words vector; a readout takes the segments most similar (cosine) to the
 * receiver's query, most similar first, while the rendered readout fits the same
 * budget the learned coordinator gets. Segments sharing no word with the query
 * are never read. It has no recurrent state and never forwards text (gate: latent).
 */
export const RETRIEVAL_DIMENSIONS = 1024;

const STOPWORDS = new Set(
  'a an and are as at be by do does for from has have i in is it its of on or so that the this to was were what which who with'.split(' '),
);

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Lower-cased words without stopwords, with a plural or possessive "s" cut, so "works" meets "work". */
export function terms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => !STOPWORDS.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w));
}

/** A unit-length hashed bag-of-words vector (all zeros for text with no terms). */
export function embed(text: string): number[] {
  const vector = new Array<number>(RETRIEVAL_DIMENSIONS).fill(0);
  for (const term of terms(text)) vector[fnv1a(term) % RETRIEVAL_DIMENSIONS]! += 1;
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((v) => v / norm);
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

interface Stored {
  order: number;
  message: string;
  from: string;
  text: string;
  vector: number[];
}

export class RetrievalCoordinator implements MessageCoordinator {
  private readonly memory = new Map<string, Stored[]>();
  private written = 0;

  async write(message: CoordinatorMessage): Promise<CoordinatorStep> {
    const started = performance.now();
    const stored = this.memory.get(message.channel.id) ?? [];
    for (const segment of message.segments) {
      stored.push({ order: this.written++, message: message.id, from: message.from, text: segment.text, vector: embed(segment.text) });
    }
    this.memory.set(message.channel.id, stored);
    return { activeModules: [], overheadMs: performance.now() - started };
  }

  async gate(): Promise<GateDecision> {
    return { route: 'latent', activeModules: [], overheadMs: 0 };
  }

  async readout(query: ReadoutQuery): Promise<Readout> {
    const started = performance.now();
    const wanted = embed(query.query);
    const ranked = (this.memory.get(query.channel.id) ?? [])
      .map((s) => ({ s, score: cosine(wanted, s.vector) }))
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score || a.s.order - b.s.order);
    let chosen: Stored[] = [];
    for (const { s } of ranked) {
      const trial = [...chosen, s].sort((a, b) => a.order - b.order);
      if (query.countTokens(trial.map((t) => t.text).join('\n')) <= query.budgetTokens) chosen = trial;
    }
    return {
      segments: chosen.map((s) => ({ message: s.message, from: s.from, text: s.text, latent: s.vector })),
      activeModules: [],
      overheadMs: performance.now() - started,
    };
  }

  async close(): Promise<void> {
    this.memory.clear();
  }
}
