import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The shipped word-vector table (bench/distill-word-vectors.ts writes it). Layout, little-endian:
 * "CWV1", u32 words, u32 dimensions, then per word: u16 byte length + UTF-8 word, f32 scale,
 * `dimensions` int8 values (vector ≈ value × scale).
 */
export const WORD_VECTORS_FILE = fileURLToPath(new URL('../../../bench/data/word-vectors.bin', import.meta.url));
const MAGIC = 'CWV1';

export function encodeWordVectors(entries: readonly { word: string; vector: readonly number[] }[], dimensions: number): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(12);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(entries.length, 4);
  head.writeUInt32LE(dimensions, 8);
  parts.push(head);
  for (const { word, vector } of entries) {
    const text = Buffer.from(word, 'utf8');
    const scale = Math.max(...vector.map(Math.abs)) / 127 || 1;
    const body = Buffer.alloc(2 + text.length + 4 + dimensions);
    body.writeUInt16LE(text.length, 0);
    text.copy(body, 2);
    body.writeFloatLE(scale, 2 + text.length);
    vector.forEach((v, i) => body.writeInt8(Math.round(v / scale), 6 + text.length + i));
    parts.push(body);
  }
  return Buffer.concat(parts);
}

export interface WordVectors {
  dimensions: number;
  get(word: string): Float32Array | undefined;
  size: number;
  /** The words, most frequent first. */
  words(): string[];
}

export function decodeWordVectors(bytes: Buffer): WordVectors {
  if (bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('word vectors: not a CWV1 table — rebuild it with bench/distill-word-vectors.ts');
  const count = bytes.readUInt32LE(4);
  const dimensions = bytes.readUInt32LE(8);
  const table = new Map<string, Float32Array>();
  let at = 12;
  for (let n = 0; n < count; n++) {
    const length = bytes.readUInt16LE(at);
    const word = bytes.toString('utf8', at + 2, at + 2 + length);
    const scale = bytes.readFloatLE(at + 2 + length);
    const vector = new Float32Array(dimensions);
    for (let i = 0; i < dimensions; i++) vector[i] = bytes.readInt8(at + 6 + length + i) * scale;
    table.set(word, vector);
    at += 6 + length + dimensions;
  }
  return { dimensions, get: (word) => table.get(word), size: table.size, words: () => [...table.keys()] };
}

let loaded: WordVectors | undefined;

/** The shipped table, read once. */
export function shippedWordVectors(): WordVectors {
  loaded ??= decodeWordVectors(readFileSync(WORD_VECTORS_FILE));
  return loaded;
}
