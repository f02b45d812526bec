import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { LintReport } from '../lint/lint-report.js';
import { displayPath } from './display-path.js';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * GitHub Actions workflow commands, one per finding, which the runner turns into annotations
 * on the pull request: `::error file=f,line=1,col=2,endLine=1,endColumn=5,title=COORD001::message`.
 * GitHub's endColumn is the last annotated column, so the exclusive end is moved back by one.
 */
export function renderGithub(report: LintReport): string {
  return report.files
    .flatMap((check) => check.diagnostics)
    .map((d) => `${githubCommand(d)}\n`)
    .join('');
}

export function githubCommand(d: Diagnostic): string {
  const { start, end } = d.range;
  const lastColumn = end.line === start.line ? Math.max(start.column, end.column - 1) : end.column;
  const properties = [
    `file=${escapeProperty(displayPath(d.file))}`,
    `line=${start.line}`,
    `col=${start.column}`,
    `endLine=${end.line}`,
    `endColumn=${lastColumn}`,
    `title=${escapeProperty(d.code)}`,
  ].join(',');
  const message = d.hint ? `${d.message}\nhint: ${d.hint}` : d.message;
  return `::${COMMAND[d.severity]} ${properties}::${escapeData(message)}`;
}

/** Escapes a command's message, as @actions/core does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property, which additionally may not contain ':' or ','. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
