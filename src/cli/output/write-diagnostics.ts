import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { SourceCache } from '../files/read-source.js';
import { painter, wantsColor } from './colors.js';
import { renderDiagnostic } from './pretty.js';

/** Prints findings with code frames to stderr, for commands whose stdout carries their product. */
export async function writeDiagnostics(diagnostics: readonly Diagnostic[]): Promise<void> {
  const sources = new SourceCache();
  const paint = painter(wantsColor(process.stderr));
  for (const d of diagnostics) {
    await sources.load(d.file);
    process.stderr.write(`${renderDiagnostic(d, sources, paint)}\n\n`);
  }
}
