import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { escapeData, escapeProperty, githubCommand } from '../../../src/cli/output/github.js';

const base: Diagnostic = {
  code: 'COORD001',
  severity: 'error',
  message: 'unexpected token',
  file: `${process.cwd()}/flows/a.coord`,
  range: { start: { line: 3, column: 5 }, end: { line: 3, column: 9 } },
};

describe('GitHub workflow commands', () => {
  it('names file, line, columns and the code as title', () => {
    expect(githubCommand(base)).toBe('::error file=flows/a.coord,line=3,col=5,endLine=3,endColumn=8,title=COORD001::unexpected token');
  });

  it('maps warnings to ::warning and infos to ::notice', () => {
    expect(githubCommand({ ...base, severity: 'warning' })).toMatch(/^::warning /);
    expect(githubCommand({ ...base, severity: 'info' })).toMatch(/^::notice /);
  });

  it('escapes %, CR and LF in the message, and appends the hint on its own line', () => {
    const line = githubCommand({ ...base, message: '100% sure\r\nreally', hint: 'a: b, c' });
    expect(line.split('::')[2]).toBe('100%25 sure%0D%0Areally%0Ahint: a: b, c');
    expect(line).not.toMatch(/[\r\n]/);
  });

  it('escapes , and : in properties as well, so a path cannot end the property list', () => {
    expect(escapeProperty('a,b:c%d\ne')).toBe('a%2Cb%3Ac%25d%0Ae');
    expect(escapeData('a,b:c')).toBe('a,b:c');
    const line = githubCommand({ ...base, file: `${process.cwd()}/we,ird:name.coord` });
    expect(line).toContain('file=we%2Cird%3Aname.coord,line=3');
  });

  it('keeps the end column of a multi-line range as given', () => {
    expect(githubCommand({ ...base, range: { start: { line: 1, column: 4 }, end: { line: 2, column: 1 } } })).toContain('line=1,col=4,endLine=2,endColumn=1');
  });
});
