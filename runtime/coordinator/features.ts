/**
 * Text → feature ids, the coordinator's only tokenisation. Training gets its ids from this
 * file too (training/featurize.ts), so runs and training agree byte for byte; Python never
 * re-implements it.
 *
 * Recipe (version FEATURES_VERSION; changing any step needs a new version and a retrained model):
 * 1. Normalise: Unicode NFKC, then lowercase.
 * 2. Words: maximal runs of letters, digits and marks (`[\p{L}\p{N}\p{M}]+`).
 * 3. Ids, in this order: tags (`t:<tag>`, hashed); then each word: its row in the model's
 *    vocabulary (1…V, words distilled from pretrained vectors) when it has one, else the hashed
 *    character 3-grams of the word wrapped in `^…$` (`c:<3 chars>`); then word bigrams (`b:<w1> <w2>`, hashed).
 * 4. A hashed feature's id = V + 1 + (FNV-1a 32-bit over its UTF-8 bytes) mod HASH_BUCKETS; 0 is padding.
 * 5. Duplicates dropped (first occurrence kept), cut at MAX_IDS, padded with 0 to MAX_IDS.
 * The order in step 3 means a long text loses bigrams before words.
 */
export const FEATURES_VERSION = 2;
export const HASH_BUCKETS = 4096;
export const MAX_IDS = 128;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const encoder = new TextEncoder();

/** FNV-1a, 32-bit, over the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function words(text: string): string[] {
  return normalise(text).match(WORD) ?? [];
}

function trigrams(word: string): string[] {
  // Code points, not UTF-16 units, so a 3-gram never splits a surrogate pair.
  const chars = [...`^${word}$`];
  const out: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i++) out.push(`c:${chars.slice(i, i + 3).join('')}`);
  return out;
}

/** Maps text to ids over one model's vocabulary (the words of its embedding table, rows 1…V). */
export class Featurizer {
  private readonly rows: Map<string, number>;

  constructor(readonly vocabulary: readonly string[]) {
    this.rows = new Map(vocabulary.map((word, i) => [word, i + 1]));
  }

  /** Rows in the embedding table: padding, the vocabulary, the hash buckets. */
  get tableSize(): number {
    return 1 + this.vocabulary.length + HASH_BUCKETS;
  }

  hashed(feature: string): number {
    return 1 + this.vocabulary.length + (fnv1a32(feature) % HASH_BUCKETS);
  }

  /** Fixed-length ids of a text: unique, in feature order, padded with 0 to MAX_IDS. */
  ids(text: string, tags: readonly string[] = []): Int32Array {
    const ws = words(text);
    const candidates: number[] = tags.map((tag) => this.hashed(`t:${normalise(tag)}`));
    for (const w of ws) {
      const row = this.rows.get(w);
      if (row !== undefined) candidates.push(row);
      else for (const gram of trigrams(w)) candidates.push(this.hashed(gram));
    }
    for (let i = 1; i < ws.length; i++) candidates.push(this.hashed(`b:${ws[i - 1]} ${ws[i]}`));
    const ids = new Int32Array(MAX_IDS);
    const seen = new Set<number>();
    for (const id of candidates) {
      if (seen.size === MAX_IDS) break;
      if (seen.has(id)) continue;
      ids[seen.size] = id;
      seen.add(id);
    }
    return ids;
  }
}

/** Tags of a stored segment: who sent it and to whom, so a query can match its receiver. */
export function segmentTags(from: string, to: string): string[] {
  return [`from=${from}`, `to=${to}`];
}

/** Tags of a readout query: the receiver's name, in the same form as a segment's `to` tag. */
export function queryTags(receiver: string): string[] {
  return [`to=${receiver}`];
}
