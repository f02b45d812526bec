import { describe, expect, it } from 'vitest';
import { textStats } from '../../../src/bench/natural/stats.js';
import type { ReadoutCase } from '../../../src/bench/readout-eval/cases.js';

const message = (id: string, sentences: string[]) => ({
  id, from: 'ann', to: 'lead', channel: 'team->lead', text: sentences.join(' '),
  segments: sentences.map((text, s) => ({ id: `${id}.s${s}`, text })),
});

const kase: ReadoutCase = {
  id: 'c1', family: 'relay', domain: 'depot', receiver: 'lead', query: 'Which bay?',
  messages: [message('n1', ['Van in bay 2.', 'Coffee is out.', 'Keys on the hook.']), message('n2', ['Lunch at one.'])],
  needed: new Set(['n1.s0']), firstHop: new Set(['n1.s0']), hopOf: new Map([['n1.s0', 1]]),
};

// A word a token, so the test's figures are plain counts.
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('textStats', () => {
  it('counts words per note, and the not-needed sentences that share a note with a needed one', () => {
    const s = textStats([kase], words);
    expect(s).toMatchObject({ cases: 1, notes: 2, segments: 4, needed: 1, neededNotesMultiSentence: 1 });
    expect(s.wordsPerNote).toBeCloseTo(14 / 2, 6);
    expect(s.siblingShare).toBeCloseTo(2 / 3, 6);
  });

  it('measures needed segments in tokens: the median, and the share too long for a 64-token budget', () => {
    const long = Array.from({ length: 70 }, (_, i) => `w${i}`).join(' ');
    const speech: ReadoutCase = { ...kase, id: 'c2', messages: [message('n1', [long, 'Coffee is out.']), message('n2', ['Van in bay 2.'])], needed: new Set(['n1.s0', 'n2.s0']) };
    const s = textStats([kase, speech], words);
    // Needed: "Van in bay 2." (4) twice, and 70 words once.
    expect(s.neededTokensMedian).toBe(4);
    expect(s.neededOver64).toBeCloseTo(1 / 3, 6);
  });

  it('is zero, not NaN, on no cases', () => {
    expect(textStats([], words)).toMatchObject({ cases: 0, wordsPerNote: 0, siblingShare: 0, neededNotesMultiSentence: 0, neededTokensMedian: 0, neededOver64: 0 });
  });
});
