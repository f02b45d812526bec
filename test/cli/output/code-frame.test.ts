import { describe, expect, it } from 'vitest';
import { codeFrame } from '../../../src/cli/output/code-frame.js';
import { painter } from '../../../src/cli/output/colors.js';

const plain = painter(false);
const at = (line: number, column: number, endLine: number, endColumn: number) => ({ start: { line, column }, end: { line: endLine, column: endColumn } });

describe('code frames', () => {
  it('shows the line with its number and underlines the range', () => {
    const text = 'workflow w {\n  budget 400 tokenz\n}\n';
    expect(codeFrame(text, at(2, 14, 2, 20), plain)).toBe(' 2 |   budget 400 tokenz\n   |              ^^^^^^');
  });

  it('underlines at least one column for an empty range, even past the end of the line', () => {
    expect(codeFrame('abc', at(1, 4, 1, 4), plain)).toBe(' 1 | abc\n   |    ^');
  });

  it('underlines a range spanning lines to the end of its first line', () => {
    expect(codeFrame('ab cd\nef', at(1, 4, 2, 2), plain)).toBe(' 1 | ab cd\n   |    ^^');
  });

  it('keeps tabs in the padding so carets line up under tab-indented code', () => {
    expect(codeFrame('\tx = 1', at(1, 2, 1, 3), plain)).toBe(' 1 | \tx = 1\n   | \t^');
  });

  it('widens the gutter for long line numbers and reads CRLF line ends', () => {
    const text = `${'a\r\n'.repeat(99)}bad\r\n`;
    expect(codeFrame(text, at(100, 1, 100, 4), plain)).toBe(' 100 | bad\n     | ^^^');
  });

  it('cuts very long lines around the column', () => {
    const line = `${'x'.repeat(1000)}BAD${'y'.repeat(1000)}`;
    const frame = codeFrame(line, at(1, 1001, 1, 1004), plain)!;
    const [source, carets] = frame.split('\n');
    expect(source!.length).toBeLessThan(140);
    expect(source).toContain('…');
    expect(source!.indexOf('BAD')).toBe(carets!.indexOf('^^^'));
  });

  it('replaces control characters so binary input cannot drive the terminal', () => {
    expect(codeFrame('a\u001b[31mb\u0007', at(1, 1, 1, 2), plain)).toBe(' 1 | a\uFFFD[31mb\uFFFD\n   | ^');
  });

  it('has no frame for a line the text does not have', () => {
    expect(codeFrame('one line', at(5, 1, 5, 2), plain)).toBeUndefined();
  });
});
