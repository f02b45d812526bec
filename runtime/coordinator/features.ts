/**
 * Text → hashed feature ids, the coordinator's only tokenisation. Training gets
 * its ids from this file too (training/featurize.ts), so runs and training agree
 * byte for byte; Python never re-implements it.
 *
 * Recipe (version FEATURES_VERSION; changing any step needs a new version and a retrained model):
 * 1. Normalise: Unicode NFKC, then lowercase.
 * 2. Words: maximal runs of letters, digits and marks (`[\p{L}\p{N}\p{M}]+`).
 * 3. Features, in this order: tags (`t:<tag>`), word unigrams (`w:<word>`), word bigrams
 *    (`b:<w1> <w2>`), character 3-grams of each word wrapped in `^…$` (`c:<3 chars>`).
 * 4. Id = 1 + (FNV-1a 32-bit over the feature's UTF-8 bytes) mod (BUCKETS − 1); 0 is padding.
 * 5. Duplicates dropped (first occurrence kept), cut at MAX_IDS, padded with 0 to MAX_IDS.
 * The order in step 3 means a long text loses character n-grams before words.
 */
export const FEATURES_VERSION = 1;
export const BUCKETS = 1 << 15;
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

/** The feature strings of a text, before hashing, in the order ids are taken. */
export function featureStrings(text: string, tags: readonly string[] = []): string[] {
  const ws = words(text);
  const out = tags.map((tag) => `t:${normalise(tag)}`);
  for (const w of ws) out.push(`w:${w}`);
  for (let i = 1; i < ws.length; i++) out.push(`b:${ws[i - 1]} ${ws[i]}`);
  for (const w of ws) {
    // Code points, not UTF-16 units, so a 3-gram never splits a surrogate pair.
    const chars = [...`^${w}$`];
    for (let i = 0; i + 3 <= chars.length; i++) out.push(`c:${chars.slice(i, i + 3).join('')}`);
  }
  return out;
}

export function featureId(feature: string): number {
  return 1 + (fnv1a32(feature) % (BUCKETS - 1));
}

/** Fixed-length ids of a text: unique, in feature order, padded with 0 to MAX_IDS. */
export function featureIds(text: string, tags: readonly string[] = []): Int32Array {
  const ids = new Int32Array(MAX_IDS);
  const seen = new Set<number>();
  for (const feature of featureStrings(text, tags)) {
    if (seen.size === MAX_IDS) break;
    const id = featureId(feature);
    if (seen.has(id)) continue;
    ids[seen.size] = id;
    seen.add(id);
  }
  return ids;
}

/** Tags of a stored segment: who sent it and to whom, so a query can match its receiver. */
export function segmentTags(from: string, to: string): string[] {
  return [`from=${from}`, `to=${to}`];
}

/** Tags of a readout query: the receiver's name, in the same form as a segment's `to` tag. */
export function queryTags(receiver: string): string[] {
  return [`to=${receiver}`];
}
