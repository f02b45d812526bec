import { readFile } from 'node:fs/promises';
import { sentences } from './sentences.js';

/**
 * Reads the document (the run input's `file`, or the bundled report) and cuts it into
 * chunks of at most `sentencesPerChunk` sentences (input, default 3), so the number of
 * chunks is decided at run time by the document itself.
 */
export default async function splitter({ input }: { input: unknown }) {
  const given = input as { file?: string; sentencesPerChunk?: number } | undefined;
  const path = given?.file ?? new URL('../text/report.txt', import.meta.url);
  const per = Math.max(1, Math.floor(given?.sentencesPerChunk ?? 3));
  const all = sentences(await readFile(path, 'utf8'));
  const chunks: string[] = [];
  for (let i = 0; i < all.length; i += per) chunks.push(all.slice(i, i + per).join(' '));
  return { chunks, message: `${chunks.length} chunks of up to ${per} sentences (${all.length} sentences)` };
}
