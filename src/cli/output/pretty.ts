import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';
import { DIAGNOSTICS, type DiagnosticDefinition } from '../../diagnostics/table.js';
import type { LintReport } from '../lint/lint-report.js';
import type { SourceCache } from '../files/read-source.js';
import { codeFrame } from './code-frame.js';
import type { Paint } from './colors.js';
import { displayPath } from './display-path.js';
import { describeBudgetBound } from './budget-bound.js';

const SEVERITY_STYLE = { error: 'red', warning: 'yellow', info: 'cyan' } as const;

/**
 * One finding for a person:
 *
 *   flows/brief.coord:12:5 error COORD031 per-message budget 400 exceeds channel budget 300
 *    12 |     budget 400 tokens per message
 *       |     ^^^^^^^^^^
 *     hint: lower it or raise the channel's
 */
export function renderDiagnostic(d: Diagnostic, sources: SourceCache, paint: Paint): string {
  const { line, column } = d.range.start;
  const heading = `${paint('bold', `${displayPath(d.file)}:${line}:${column}`)} ${paint(['bold', SEVERITY_STYLE[d.severity]], d.severity)} ${paint('dim', d.code)} ${d.message}`;
  const text = sources.get(d.file);
  const frame = text === undefined ? undefined : codeFrame(text, d.range, paint);
  const hint = d.hint ?? (DIAGNOSTICS as Record<string, DiagnosticDefinition>)[d.code]?.hint;
  return [heading, frame, hint ? `  ${paint('cyan', 'hint:')} ${hint}` : undefined].filter((part) => part !== undefined).join('\n');
}

/** Every finding with its code frame, each file's budget bound, and a closing count. */
export async function renderPretty(report: LintReport, sources: SourceCache, paint: Paint): Promise<string> {
  const out: string[] = [];
  for (const check of report.files) {
    for (const d of check.diagnostics) {
      await sources.load(d.file);
      out.push(`${renderDiagnostic(d, sources, paint)}\n`);
    }
    if (check.budgetBound !== undefined) out.push(`${displayPath(check.file)}: ${describeBudgetBound(check.budgetBound, check.workflowBudget)}\n`);
  }
  out.push(`${summaryLine(report, paint)}\n`);
  return out.join(out.length > 1 ? '\n' : '');
}

function summaryLine(report: LintReport, paint: Paint): string {
  const { files, errors, warnings, infos } = report.summary;
  const where = `${files} ${plural(files, 'file')}`;
  if (errors + warnings + infos === 0) return paint('green', `no problems in ${where}`);
  const counts = [
    count(errors, 'error', paint, 'error'),
    count(warnings, 'warning', paint, 'warning'),
    count(infos, 'info', paint, 'info'),
  ].filter((part) => part !== undefined);
  return `${counts.join(', ')} in ${where}`;
}

function count(n: number, noun: string, paint: Paint, severity: Severity): string | undefined {
  return n === 0 ? undefined : paint(SEVERITY_STYLE[severity], `${n} ${plural(n, noun)}`);
}

function plural(n: number, noun: string): string {
  return n === 1 || noun === 'info' ? noun : `${noun}s`;
}
