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

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a continued from `hash` over `text`, or -1 when `text` is not ASCII. ASCII text is its own
 * UTF-8, so its char codes are hashed without encoding it (a featurized text hashes dozens of features).
 */
function fnvAscii(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return -1;
    hash = Math.imul(hash ^ code, FNV_PRIME) >>> 0;
  }
  return hash;
}

/** FNV-1a, 32-bit, over the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  const hash = fnvAscii(FNV_OFFSET, text);
  if (hash >= 0) return hash;
  let bytesHash = FNV_OFFSET;
  for (const byte of encoder.encode(text)) bytesHash = Math.imul(bytesHash ^ byte, FNV_PRIME) >>> 0;
  return bytesHash;
}

/** FNV-1a of `b:<a> <b>`, without building the string when both words are ASCII. */
const BIGRAM_PREFIX = fnvAscii(FNV_OFFSET, 'b:');
function bigramHash(a: string, b: string): number {
  let hash = fnvAscii(BIGRAM_PREFIX, a);
  if (hash >= 0) hash = fnvAscii(hash, ' ');
  if (hash >= 0) hash = fnvAscii(hash, b);
  return hash >= 0 ? hash : fnv1a32(`b:${a} ${b}`);
}

export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

const ASCII = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[a-z0-9]+/g;

export function words(text: string): string[] {
  // NFKC leaves ASCII as it is, and the ASCII letters, digits and marks that WORD matches are [a-z0-9] once lowercased.
  if (ASCII.test(text)) return text.toLowerCase().match(ASCII_WORD) ?? [];
  return normalise(text).match(WORD) ?? [];
}

function trigrams(word: string): string[] {
  // Code points, not UTF-16 units, so a 3-gram never splits a surrogate pair.
  const chars = [...`^${word}$`];
  const out: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i++) out.push(`c:${chars.slice(i, i + 3).join('')}`);
  return out;
}

/** Words and tags whose ids a Featurizer remembers; past this it starts afresh, so a long-lived process stays small. */
const CACHE_SIZE = 50_000;

/**
 * Rows cut from one block of memory. A typed array with a buffer of its own costs about a microsecond
 * to allocate, as much as featurizing a short text; a view into a shared block costs a tenth of that.
 */
const ROWS_PER_BLOCK = 64;

/**
 * Maps text to ids over one model's vocabulary (the words of its embedding table, rows 1…V).
 * `ids` runs on every segment a run writes, so it allocates little beyond the text's words: no
 * closures, no per-call feature strings, rows from a shared block (docs/coordinator.md, "Speed").
 */
export class Featurizer {
  private readonly rows: Map<string, number>;
  /** A word's ids (its vocabulary row, or its hashed 3-grams): words recur across texts. */
  private readonly wordIds = new Map<string, readonly number[]>();
  /** A tag's id, keyed by the tag as given. */
  private readonly tagIds = new Map<string, number>();
  /** seen[id] === stamp: the id is already in the row being built (cheaper than a Set per text). */
  private readonly seen: Uint32Array;
  private stamp = 0;
  private block = new Int32Array(0);
  private blockUsed = 0;

  constructor(readonly vocabulary: readonly string[]) {
    this.rows = new Map(vocabulary.map((word, i) => [word, i + 1]));
    this.seen = new Uint32Array(this.tableSize);
  }

  /** Rows in the embedding table: padding, the vocabulary, the hash buckets. */
  get tableSize(): number {
    return 1 + this.vocabulary.length + HASH_BUCKETS;
  }

  hashed(feature: string): number {
    return 1 + this.vocabulary.length + (fnv1a32(feature) % HASH_BUCKETS);
  }

  /**
   * Fixed-length ids of a text: unique, in feature order, padded with 0 to MAX_IDS. The row is a view
   * into a block shared with the rows made just before and after it: copy one that is kept for long.
   */
  ids(text: string, tags: readonly string[] = []): Int32Array {
    const row = this.newRow();
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
    let count = 0;
    for (let t = 0; t < tags.length; t++) {
      count = this.take(row, count, this.tagId(tags[t]!));
      if (count === MAX_IDS) return row;
    }
    const ws = words(text);
    for (let w = 0; w < ws.length; w++) {
      const ids = this.idsOfWord(ws[w]!);
      for (let i = 0; i < ids.length; i++) {
        count = this.take(row, count, ids[i]!);
        if (count === MAX_IDS) return row;
      }
    }
    const buckets = 1 + this.vocabulary.length;
    for (let w = 1; w < ws.length; w++) {
      count = this.take(row, count, buckets + (bigramHash(ws[w - 1]!, ws[w]!) % HASH_BUCKETS));
      if (count === MAX_IDS) return row;
    }
    return row;
  }

  /** A zeroed row of MAX_IDS. */
  private newRow(): Int32Array {
    if (this.blockUsed === this.block.length) {
      this.block = new Int32Array(MAX_IDS * ROWS_PER_BLOCK);
      this.blockUsed = 0;
    }
    return this.block.subarray(this.blockUsed, (this.blockUsed += MAX_IDS));
  }

  /** Writes `id` at `row[count]` unless the row has it already; the row's new count. */
  private take(row: Int32Array, count: number, id: number): number {
    if (this.seen[id] === this.stamp) return count;
    this.seen[id] = this.stamp;
    row[count] = id;
    return count + 1;
  }

  private tagId(tag: string): number {
    let id = this.tagIds.get(tag);
    if (id === undefined) {
      id = this.hashed(`t:${normalise(tag)}`);
      if (this.tagIds.size >= CACHE_SIZE) this.tagIds.clear();
      this.tagIds.set(tag, id);
    }
    return id;
  }

  private idsOfWord(word: string): readonly number[] {
    let ids = this.wordIds.get(word);
    if (ids === undefined) {
      const row = this.rows.get(word);
      ids = row !== undefined ? [row] : trigrams(word).map((gram) => this.hashed(gram));
      if (this.wordIds.size >= CACHE_SIZE) this.wordIds.clear();
      this.wordIds.set(word, ids);
    }
    return ids;
  }
}

/** Tags of a stored segment: who sent it and to whom, part of its latent. */
export function segmentTags(from: string, to: string): string[] {
  return [`from=${from}`, `to=${to}`];
}
