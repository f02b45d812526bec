import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * One BPE encoding's tables in a file that loads without parsing: the token byte strings
 * concatenated, their offsets by rank, and an open-addressing hash table from byte string to
 * rank. Loading is one read and three typed-array views. build/token-tables.js writes these
 * files from gpt-tokenizer's data with `writeTable`; `readTable` is the only reader.
 *
 * Layout (little-endian): the 8-byte magic, a u32 format version, a u32 header length, the
 * header (JSON, padded with spaces to 4 bytes), then u32 offsets[ranks + 1], u32 slots[slots]
 * (rank + 1 per slot, 0 where empty; linear probing from `hashBytes`), then the bytes.
 */

const MAGIC = 'coordbpe';
const FORMAT_VERSION = 1;
const PREAMBLE = 16;

/** What a table file says about itself. */
export const TableHeader = z.object({
  encoding: z.string(),
  /** Where the ranks came from (package and version), for a person reading a stale table. */
  source: z.string(),
  /** The encoding's pre-tokenizer: text is split by it before any merge. */
  pattern: z.string(),
  flags: z.string(),
  ranks: z.number().int().positive(),
  /** Hash slots: a power of two, at least twice the ranks. */
  slots: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
});
export type TableHeader = z.infer<typeof TableHeader>;

export interface BpeTable extends TableHeader {
  /** Token byte strings, concatenated by rank. */
  readonly data: Uint8Array;
  /** Rank r's bytes are data[offsets[r], offsets[r + 1]); equal where the rank is unused. */
  readonly offsets: Uint32Array;
  /** rank + 1 at the slot of the rank's byte string (0 where empty). */
  readonly hashSlots: Uint32Array;
}

/** A table file is missing or damaged: coord's installation is incomplete, not the user's input. */
export class TokenTableError extends Error {
  override readonly name = 'TokenTableError';
}

/** FNV-1a over bytes[start, end): the hash both the writer and the reader probe with. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, FNV_PRIME);
  return hash >>> 0;
}
/** hashBytes is these, so that a reader can hash bytes as it writes them. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** The rank of bytes[start, end), or -1 when no token has exactly those bytes; `hash` is their hashBytes when known. */
export function rankOf(table: BpeTable, bytes: Uint8Array, start: number, end: number, hash = hashBytes(bytes, start, end)): number {
  const { data, offsets, hashSlots } = table;
  const length = end - start;
  const mask = hashSlots.length - 1;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const entry = hashSlots[slot]!;
    if (entry === 0) return -1;
    const rank = entry - 1;
    const at = offsets[rank]!;
    if (offsets[rank + 1]! - at !== length) continue;
    let i = 0;
    while (i < length && data[at + i] === bytes[start + i]) i++;
    if (i === length) return rank;
  }
}

/** The file for `ranks` (byte strings by rank; empty where a rank is unused). */
export function writeTable(header: Omit<TableHeader, 'ranks' | 'slots' | 'bytes'>, ranks: readonly Uint8Array[]): Uint8Array {
  const bytes = ranks.reduce((sum, token) => sum + token.length, 0);
  let slots = 1;
  while (slots < ranks.length * 2) slots *= 2;
  // The writer's machine is the reader's: typed arrays are in its byte order, which must be little-endian.
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('token tables are written little-endian only');
  const json = new TextEncoder().encode(JSON.stringify(TableHeader.parse({ ...header, ranks: ranks.length, slots, bytes })));
  const headerBytes = new Uint8Array(Math.ceil(json.length / 4) * 4).fill(0x20);
  headerBytes.set(json);
  const arraysAt = PREAMBLE + headerBytes.length;
  const file = new Uint8Array(arraysAt + 4 * (ranks.length + 1 + slots) + bytes);
  const view = new DataView(file.buffer);
  file.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  file.set(headerBytes, PREAMBLE);
  const table = viewsOf(file, arraysAt, ranks.length, slots, bytes);
  let at = 0;
  ranks.forEach((token, rank) => {
    table.offsets[rank] = at;
    table.data.set(token, at);
    at += token.length;
  });
  table.offsets[ranks.length] = at;
  const mask = slots - 1;
  ranks.forEach((token, rank) => {
    if (token.length === 0) return;
    let slot = hashBytes(token, 0, token.length) & mask;
    while (table.hashSlots[slot] !== 0) slot = (slot + 1) & mask;
    table.hashSlots[slot] = rank + 1;
  });
  return file;
}

/** Reads the table at `url`; a missing or damaged file is a TokenTableError naming the build that writes it. */
export function readTable(url: URL): BpeTable {
  const where = fileURLToPath(url);
  let file: Uint8Array;
  try {
    file = readFileSync(url);
  } catch (error) {
    throw new TokenTableError(`coord's token table ${where} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): ${REBUILD}`);
  }
  const damaged = (why: string) => new TokenTableError(`coord's token table ${where} is damaged (${why}): ${REBUILD}`);
  if (file.length < PREAMBLE || new TextDecoder().decode(file.subarray(0, 8)) !== MAGIC) throw damaged('not a token table');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) throw damaged(`format ${version}, this coord reads ${FORMAT_VERSION}`);
  const headerLength = view.getUint32(12, true);
  let header: TableHeader;
  try {
    header = TableHeader.parse(JSON.parse(new TextDecoder().decode(file.subarray(PREAMBLE, PREAMBLE + headerLength))));
  } catch {
    throw damaged('its header is not readable');
  }
  const arraysAt = PREAMBLE + headerLength;
  const expected = arraysAt + 4 * (header.ranks + 1 + header.slots) + header.bytes;
  if (file.length !== expected) throw damaged(`${file.length} bytes where its header makes ${expected}`);
  // Typed arrays need 4-byte alignment: a file read into a shared pool may start anywhere.
  if ((file.byteOffset + arraysAt) % 4 !== 0) file = file.slice();
  const table = viewsOf(file, arraysAt, header.ranks, header.slots, header.bytes);
  if (table.offsets[header.ranks] !== header.bytes) throw damaged('its offsets do not end at its bytes');
  return { ...header, ...table };
}

const REBUILD = "run 'npm run build' in coord's folder to write it again (or reinstall coord)";

function viewsOf(file: Uint8Array, at: number, ranks: number, slots: number, bytes: number): Pick<BpeTable, 'data' | 'offsets' | 'hashSlots'> {
  const base = file.byteOffset + at;
  const offsets = new Uint32Array(file.buffer, base, ranks + 1);
  const hashSlots = new Uint32Array(file.buffer, base + 4 * (ranks + 1), slots);
  const data = new Uint8Array(file.buffer, base + 4 * (ranks + 1 + slots), bytes);
  return { offsets, hashSlots, data };
}
