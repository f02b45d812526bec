import { expect } from 'vitest';
import { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { DIAGNOSTICS } from '../../src/diagnostics/table.js';

/**
 * What every finding on any input must satisfy: a valid Diagnostic, a code from the table with
 * the table's severity, a message, and a range inside the text (a column may point one past
 * the end of its line, where an unexpected end of input is reported).
 */
export function expectWellFormed(diagnostics: readonly Diagnostic[], text: string, file: string): void {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    const shown = JSON.stringify(d);
    expect(Diagnostic.safeParse(d).success, shown).toBe(true);
    const definition = (DIAGNOSTICS as Record<string, { severity: string }>)[d.code];
    expect(definition, `unknown code: ${shown}`).toBeDefined();
    expect(d.severity, shown).toBe(definition!.severity);
    expect(d.message.trim().length, shown).toBeGreaterThan(0);
    if (d.file !== file) continue;
    const { start, end } = d.range;
    expect(start.line, shown).toBeLessThanOrEqual(lines.length);
    expect(end.line, shown).toBeLessThanOrEqual(lines.length);
    expect(start.column, shown).toBeLessThanOrEqual(lines[start.line - 1]!.length + 1);
    expect(end.column, shown).toBeLessThanOrEqual(lines[end.line - 1]!.length + 1);
    expect(end.line > start.line || (end.line === start.line && end.column >= start.column), `end before start: ${shown}`).toBe(true);
  }
}
