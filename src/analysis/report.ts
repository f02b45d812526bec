import type { Diagnostic, Range } from '../diagnostics/diagnostic.js';
import { DIAGNOSTICS, type DiagnosticCode } from '../diagnostics/table.js';
import type { SourceLoc, WorkflowIR } from '../ir/schema.js';

/** The workflow's first line: where a finding points when the IR kept no location for it. */
const FIRST_LINE: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

export type Report = (code: DiagnosticCode, message: string, at: SourceLoc | undefined, hint?: string) => void;

/** Collects findings; severity and the default hint come from the one table of codes. */
export function createReporter(ir: WorkflowIR): { report: Report; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (code, message, at, hint) => {
    const definition = DIAGNOSTICS[code];
    diagnostics.push({
      code,
      severity: definition.severity,
      message,
      hint: hint ?? definition.hint,
      file: at?.file ?? ir.source.file,
      range: at
        ? { start: { line: at.line, column: at.column }, end: { line: at.endLine, column: at.endColumn } }
        : FIRST_LINE,
    });
  };
  return { report, diagnostics };
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    a.code.localeCompare(b.code)
  );
}
