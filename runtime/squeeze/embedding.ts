/**
 * The default embedding for redundancy checks when the coordinator's latent vectors
 * are not available: a hashed bag of words and word bigrams (character bigrams
 * for scripts written without spaces), log-scaled and L2-normalised. Cheap,
 * deterministic, and good at "the same sentence again, lightly reworded".
 */
export type Embed = (texts: readonly string[]) => number[][] | Promise<number[][]>;

const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function features(text: string): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (feature: string, weight: number) => weights.set(feature, (weights.get(feature) ?? 0) + weight);
  const words: string[] = [];
  for (const token of text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{M}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu) ?? []) {
    if (!UNSPACED.test(token)) {
      words.push(token);
      continue;
    }
    const chars = Array.from(token);
    if (chars.length === 1) words.push(token);
    for (let i = 0; i + 1 < chars.length; i++) words.push(chars[i]! + chars[i + 1]!);
  }
  for (const word of words) add(`w:${word}`, 1);
  for (let i = 0; i + 1 < words.length; i++) add(`b:${words[i]} ${words[i + 1]}`, 0.5);
  return weights;
}

export function hashedEmbedding(dimensions = 512): (texts: readonly string[]) => number[][] {
  return (texts) =>
    texts.map((text) => {
      const vector = new Array<number>(dimensions).fill(0);
      for (const [feature, count] of features(text)) {
        const h = fnv1a(feature);
        const sign = fnv1a(feature, 0x9747b28c) & 1 ? 1 : -1;
        vector[h % dimensions]! += sign * (1 + Math.log(count));
      }
      const norm = Math.hypot(...vector);
      return norm === 0 ? vector : vector.map((x) => x / norm);
    });
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`cannot compare vectors of ${a.length} and ${b.length} dimensions — embed known and new segments with the same embedding`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
