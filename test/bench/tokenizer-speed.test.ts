import { describe, expect, it } from 'vitest';
import { tokenizerTable, TokenizerResults } from '../../src/bench/tokenizer-speed.js';
import { timedRunHeader } from '../support/timed-run.js';

describe('the tokenizer table', () => {
  it('shows load times, counting speed in MB/s of the corpus and the ratios to gpt-tokenizer', () => {
    const results = TokenizerResults.parse({
      ...timedRunHeader('node --import tsx bench/tokenizer-load.ts --runs 15 --rounds 9'),
      corpus: { files: 3, chars: 2_000_000 },
      cases: [
        {
          encoding: 'o200k_base',
          load: { coordMs: 4.25, gptTokenizerMs: 170, runs: 15 },
          count: { coordMs: 100, gptTokenizerMs: 125, firstRoundCoordMs: 150, firstRoundGptTokenizerMs: 300, rounds: 8 },
          tokens: 400_000,
        },
      ],
    });
    expect(tokenizerTable(results).split('\n').at(-1)).toBe('| o200k_base | 4.3 | 170 | 0.03 | 20.0 | 16.0 | 0.80 | 0.50 |');
  });
});
