import { describe, expect, it } from 'vitest';
import { findProtectedSpans } from '../../runtime/squeeze/index.js';

const spans = (text: string) => findProtectedSpans(text).map((s) => [s.kind, s.text]);

describe('protected spans', () => {
  it('finds numbers with units, signs, decimals, percentages and currencies', () => {
    expect(spans('It took 12.5 ms, -3 °C, 40% and $1,200.50 with 3x.')).toEqual([
      ['number', '12.5 ms'],
      ['number', '-3 °C'],
      ['number', '40%'],
      ['number', '$1,200.50'],
      ['number', '3x'],
    ]);
  });
  it('finds dates, times and versions', () => {
    expect(spans('On 2024-03-12 at 14:05 we shipped 2.0.0-rc.1, before March 3, 2024.').map(([, t]) => t)).toEqual([
      '2024-03-12',
      '14:05',
      '2.0.0-rc.1',
      'March 3, 2024',
    ]);
  });
  it('finds names that are not at a sentence start, but not the pronoun I', () => {
    expect(spans('Yesterday I met Alice in New York. Then we left.')).toEqual([
      ['name', 'Alice'],
      ['name', 'New'],
      ['name', 'York'],
    ]);
  });
  it('finds handles, emails, URLs and paths', () => {
    expect(spans('Ping @dana or bob@example.com, see https://x.io/a?b=1. The file is ./src/app.ts.').map(([k]) => k)).toEqual([
      'handle',
      'email',
      'url',
      'path',
    ]);
  });
  it('finds quotes in several typographic traditions', () => {
    const text = `He said "stop", then 'wait', «attendez», „warten“, 「待って」 and “hold”.`;
    expect(spans(text).filter(([k]) => k === 'quote').map(([, t]) => t)).toEqual(['"stop"', "'wait'", '«attendez»', '„warten“', '「待って」', '“hold”']);
  });
  it('does not take apostrophes for quotes', () => {
    expect(spans("It's the users' problem, isn't it?").filter(([k]) => k === 'quote')).toEqual([]);
  });
  it('keeps fenced code, inline code, code lines and log lines whole', () => {
    const text = 'Run `npm test`:\n```sh\nnpm   test\n```\nconst x = f(1);\n2024-05-02T10:14:03Z INFO  up';
    expect(spans(text).map(([k]) => k)).toEqual(['code', 'code', 'line', 'line']);
  });
  it('leaves list numbering to the list', () => {
    expect(spans('1. first\n2. second')).toEqual([]);
  });
});
