import { open, readFile } from 'node:fs/promises';
import { fileError } from './collect-files.js';

/**
 * Decodes a workflow's bytes the way the CLI shows them: UTF-8, a leading BOM dropped,
 * invalid bytes replaced by U+FFFD (so columns in code frames match what the checker saw).
 */
export function decodeSource(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}

/** Opens the file for reading and closes it: a missing or unreadable file becomes a CliError (exit 2). */
export async function ensureReadable(file: string, shown = file): Promise<void> {
  try {
    await (await open(file, 'r')).close();
  } catch (error) {
    throw fileError(shown, error);
  }
}

/** Reads files on demand for code frames; a file that cannot be read yields no frame. */
export class SourceCache {
  private readonly texts = new Map<string, string | undefined>();

  async load(file: string): Promise<void> {
    if (this.texts.has(file)) return;
    try {
      this.texts.set(file, decodeSource(await readFile(file)));
    } catch {
      this.texts.set(file, undefined);
    }
  }

  get(file: string): string | undefined {
    return this.texts.get(file);
  }
}
