import { FNV_OFFSET, FNV_PRIME, rankOf, type BpeTable } from './bpe-table.js';

const NONE = 0x7fffffff;
/** Pieces seen lately, with their ranks: natural text repeats its words. */
const CACHE_LIMIT = 16_384;
const CACHED_PIECE_LENGTH = 64;
/** Above this, a piece is merged in O(n log n) rather than by scanning every pair at each merge. */
const LONG_PIECE_BYTES = 256;

/**
 * A byte-level BPE encoder with tiktoken's semantics: text is split by the encoding's
 * pre-tokenizer; a piece whose bytes are one token is that token; any other is merged from its
 * bytes, always joining the adjacent pair of lowest rank (the leftmost of equals) until no pair
 * is a token. Special tokens are not recognised: their text is counted as ordinary text, as
 * providers count what a user writes (tiktoken's `encode_ordinary`).
 */
export class BytePairEncoder {
  readonly #table: BpeTable;
  readonly #split: RegExp;
  /** The current piece's UTF-8 bytes; the short merge's part starts and pair ranks. */
  #bytes = new Uint8Array(LONG_PIECE_BYTES);
  readonly #starts = new Int32Array(LONG_PIECE_BYTES + 1);
  readonly #ranks = new Int32Array(LONG_PIECE_BYTES + 1);
  #hash = 0;
  readonly #pieces = new Map<string, number | readonly number[]>();

  constructor(table: BpeTable) {
    this.#table = table;
    this.#split = new RegExp(table.pattern, table.flags.includes('g') ? table.flags : `${table.flags}g`);
  }

  count(text: string): number {
    let count = 0;
    const split = this.#split;
    split.lastIndex = 0;
    for (let match = split.exec(text); match !== null; match = split.exec(text)) {
      count += this.#piece(match[0], undefined);
    }
    return count;
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    const split = this.#split;
    split.lastIndex = 0;
    for (let match = split.exec(text); match !== null; match = split.exec(text)) this.#piece(match[0], ids);
    return ids;
  }

  /**
   * The longest prefix of `text` whose tokens are the first `limit` of its encoding, cut back to
   * a whole character when the last token ends inside one. Always a prefix of `text` itself
   * (a lone surrogate, encoded as U+FFFD, stays as it was).
   */
  prefix(text: string, limit: number): string {
    if (limit <= 0) return '';
    const split = this.#split;
    const ids: number[] = [];
    split.lastIndex = 0;
    for (let match = split.exec(text); match !== null; match = split.exec(text)) {
      const piece = match[0];
      const before = ids.length;
      this.#piece(piece, ids);
      if (ids.length < limit) continue;
      if (ids.length === limit) return text.slice(0, match.index + piece.length);
      let keptBytes = 0;
      for (let i = before; i < limit; i++) keptBytes += this.#tokenLength(ids[i]!);
      return text.slice(0, match.index + charsWithin(piece, keptBytes));
    }
    return text;
  }

  /** The text of `ids`; bytes that are not UTF-8 (a character cut between tokens) become U+FFFD. */
  decode(ids: readonly number[]): string {
    const { data, offsets } = this.#table;
    let length = 0;
    for (const id of ids) length += this.#tokenLength(id);
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const id of ids) {
      const start = offsets[id]!;
      const end = offsets[id + 1]!;
      bytes.set(data.subarray(start, end), at);
      at += end - start;
    }
    return new TextDecoder().decode(bytes);
  }

  #tokenLength(id: number): number {
    const { offsets, ranks, encoding } = this.#table;
    const length = Number.isInteger(id) && id >= 0 && id < ranks ? offsets[id + 1]! - offsets[id]! : 0;
    if (length === 0) throw new RangeError(`token ${id} is not a token of ${encoding}`);
    return length;
  }

  /** Encodes one piece: pushes its ranks onto `out` when given; returns how many there are. */
  #piece(piece: string, out: number[] | undefined): number {
    let ranks = this.#pieces.get(piece);
    if (ranks === undefined) {
      ranks = this.#encodePiece(piece);
      // Cleared rather than evicted one by one: cheaper, and a run's vocabulary refills it at once.
      // A long piece (a run of spaces, a blob without them) is rarely seen twice and is not kept.
      if (this.#pieces.size >= CACHE_LIMIT) this.#pieces.clear();
      if (piece.length <= CACHED_PIECE_LENGTH) this.#pieces.set(piece, ranks);
    }
    if (typeof ranks === 'number') {
      out?.push(ranks);
      return 1;
    }
    if (out) for (const rank of ranks) out.push(rank);
    return ranks.length;
  }

  /** A piece's one rank when its bytes are a token, else the ranks they merge into. */
  #encodePiece(piece: string): number | readonly number[] {
    const length = this.#utf8(piece);
    const whole = rankOf(this.#table, this.#bytes, 0, length, this.#hash >>> 0);
    return whole >= 0 ? whole : this.#merge(length);
  }

  /**
   * Writes the piece's UTF-8 into #bytes (a lone surrogate as U+FFFD, as TextEncoder does) and
   * its hashBytes into #hash, in one pass; returns its length.
   */
  #utf8(piece: string): number {
    if (piece.length * 3 > this.#bytes.length) this.#bytes = new Uint8Array(piece.length * 3);
    const bytes = this.#bytes;
    let at = 0;
    let hash = FNV_OFFSET;
    for (let i = 0; i < piece.length; i++) {
      let code = piece.charCodeAt(i);
      if (code < 0x80) {
        bytes[at++] = code;
        hash = Math.imul(hash ^ code, FNV_PRIME);
        continue;
      }
      const from = at;
      if (code < 0x800) {
        bytes[at++] = 0xc0 | (code >> 6);
        bytes[at++] = 0x80 | (code & 0x3f);
        for (let b = from; b < at; b++) hash = Math.imul(hash ^ bytes[b]!, FNV_PRIME);
        continue;
      }
      if (code >= 0xd800 && code <= 0xdfff) {
        const low = code <= 0xdbff ? piece.charCodeAt(i + 1) : NaN;
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i++;
          bytes[at++] = 0xf0 | (code >> 18);
          bytes[at++] = 0x80 | ((code >> 12) & 0x3f);
          bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
          bytes[at++] = 0x80 | (code & 0x3f);
          for (let b = from; b < at; b++) hash = Math.imul(hash ^ bytes[b]!, FNV_PRIME);
          continue;
        }
        code = 0xfffd;
      }
      bytes[at++] = 0xe0 | (code >> 12);
      bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
      bytes[at++] = 0x80 | (code & 0x3f);
      for (let b = from; b < at; b++) hash = Math.imul(hash ^ bytes[b]!, FNV_PRIME);
    }
    this.#hash = hash;
    return at;
  }

  /**
   * Merges #bytes[0, length) (tiktoken's `byte_pair_merge`): parts start at every byte; ranks[i]
   * is the rank of parts i and i + 1 joined. Each merge scans every pair, which is fastest for
   * words; a long piece (a run of one character class: unpunctuated CJK, a blob of letters)
   * would take quadratic time, and goes to `mergeLong` instead.
   */
  #merge(length: number): number[] {
    if (length > LONG_PIECE_BYTES) return mergeLong(this.#table, this.#bytes, length);
    const table = this.#table;
    const bytes = this.#bytes;
    const starts = this.#starts;
    const ranks = this.#ranks;
    const pairRank = (i: number, parts: number) => {
      if (i + 2 >= parts) return NONE;
      const rank = rankOf(table, bytes, starts[i]!, starts[i + 2]!);
      return rank < 0 ? NONE : rank;
    };
    let parts = length + 1;
    for (let i = 0; i < parts; i++) starts[i] = i;
    for (let i = 0; i < parts; i++) ranks[i] = pairRank(i, parts);
    for (;;) {
      let lowest = NONE;
      let at = -1;
      for (let i = 0; i < parts - 2; i++) {
        if (ranks[i]! < lowest) {
          lowest = ranks[i]!;
          at = i;
        }
      }
      if (at < 0) break;
      starts.copyWithin(at + 1, at + 2, parts);
      ranks.copyWithin(at + 1, at + 2, parts);
      parts--;
      ranks[at] = pairRank(at, parts);
      if (at > 0) ranks[at - 1] = pairRank(at - 1, parts);
    }
    const out: number[] = [];
    for (let i = 0; i + 1 < parts; i++) out.push(rankOf(table, bytes, starts[i]!, starts[i + 1]!));
    return out;
  }
}

/**
 * The same merges as #merge, in O(n log n): parts in a linked list, candidate pairs in a binary
 * heap ordered by rank, then by position, so that the leftmost of equal ranks merges first as
 * in the linear scan. An entry whose pair has since changed is skipped when it comes up.
 */
function mergeLong(table: BpeTable, bytes: Uint8Array, length: number): number[] {
  const next = new Int32Array(length);
  const prev = new Int32Array(length);
  /** The rank of the pair that starts at each live part; NONE once the part is merged away. */
  const pairRanks = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const heap: number[] = [];
  // A key is rank × 2^32 + position: exact in a double for any rank below 2^21.
  const push = (key: number) => {
    let at = heap.push(key) - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (heap[parent]! <= key) break;
      heap[at] = heap[parent]!;
      at = parent;
    }
    heap[at] = key;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= heap.length) break;
      if (child + 1 < heap.length && heap[child + 1]! < heap[child]!) child++;
      if (heap[child]! >= last) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = last;
    return top;
  };
  const rank = (part: number) => {
    const end = next[part]! < length ? next[next[part]!]! : length + 1;
    const found = end <= length ? rankOf(table, bytes, part, end) : -1;
    pairRanks[part] = found < 0 ? NONE : found;
    if (found >= 0) push(found * 2 ** 32 + part);
  };
  for (let i = 0; i < length; i++) rank(i);
  while (heap.length > 0) {
    const key = pop();
    const part = key % 2 ** 32;
    if (pairRanks[part] !== (key - part) / 2 ** 32) continue;
    const gone = next[part]!;
    next[part] = next[gone]!;
    if (next[gone]! < length) prev[next[gone]!] = part;
    pairRanks[gone] = NONE;
    rank(part);
    if (prev[part]! >= 0) rank(prev[part]!);
  }
  const out: number[] = [];
  for (let part = 0; part < length; part = next[part]!) out.push(rankOf(table, bytes, part, next[part]!));
  return out;
}

/** How many UTF-16 code units of `piece` lie wholly within its first `bytes` UTF-8 bytes. */
function charsWithin(piece: string, bytes: number): number {
  let used = 0;
  let i = 0;
  while (i < piece.length) {
    const code = piece.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < piece.length && (piece.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    if (used + size > bytes) break;
    used += size;
    i += pair ? 2 : 1;
  }
  return i;
}
