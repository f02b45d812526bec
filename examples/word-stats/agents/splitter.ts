import { readFile } from 'node:fs/promises';

/**
 * Reads the text to analyse (the run input's `file`, or the bundled essay) and splits it
 * into paragraphs, one chunk per counter.
 */
export default async function splitter({ input }: { input: unknown }) {
  const given = (input as { file?: string } | undefined)?.file;
  const path = given ?? new URL('../text/budgets.txt', import.meta.url);
  const text = await readFile(path, 'utf8');
  const chunks = text.split(/\n\s*\n/).map((chunk) => chunk.trim()).filter((chunk) => chunk.length > 0);
  return { chunks, message: `${chunks.length} chunks, ${text.length} characters` };
}
