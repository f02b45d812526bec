import type { Range } from '../../diagnostics/diagnostic.js';
import type { Paint } from './colors.js';

/** Longest stretch of a source line shown; longer lines are cut around the column. */
const WIDTH = 120;

/**
 * The source line a range starts on, with its line number and a caret underline:
 *
 *    12 |     budget 400 tokens per message
 *       |            ^^^
 *
 * A range that spans lines is underlined to the end of its first line. Control characters
 * are shown as U+FFFD so that binary input cannot drive the terminal.
 */
export function codeFrame(text: string, range: Range, paint: Paint): string | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const source = lines[range.start.line - 1];
  if (source === undefined) return undefined;
  const startIndex = Math.min(range.start.column - 1, source.length);
  const endIndex =
    range.end.line === range.start.line ? Math.min(Math.max(range.end.column - 1, startIndex + 1), Math.max(source.length, startIndex + 1)) : Math.max(source.length, startIndex + 1);

  const window = visibleWindow(source.length, startIndex);
  const shown = sanitize(source.slice(window.from, window.to));
  const prefix = window.from > 0 ? '…' : '';
  const suffix = window.to < source.length ? '…' : '';
  const caretLength = Math.max(1, Math.min(endIndex, window.to) - startIndex);
  // Copy tabs from the source so the carets line up under the same characters.
  const padding = source.slice(window.from, startIndex).replace(/[^\t]/g, ' ');

  const number = String(range.start.line);
  const gutter = ' '.repeat(number.length);
  const sourceLine = `${paint('dim', ` ${number} |`)} ${prefix}${shown}${suffix}`;
  const caretLine = `${paint('dim', ` ${gutter} |`)} ${' '.repeat(prefix.length)}${padding}${paint('red', '^'.repeat(caretLength))}`;
  return `${sourceLine.trimEnd()}\n${caretLine}`;
}

function visibleWindow(length: number, column: number): { from: number; to: number } {
  if (length <= WIDTH) return { from: 0, to: length };
  const from = Math.max(0, Math.min(column - WIDTH / 4, length - WIDTH));
  return { from, to: Math.min(length, from + WIDTH) };
}

function sanitize(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}
