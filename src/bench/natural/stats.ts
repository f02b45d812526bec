import type { ReadoutCase } from '../readout-eval/cases.js';
import { median } from '../stats.js';

/** What the text of a set of readout cases is like: how long its notes are, and how a needed sentence sits in its note. */
export interface TextStats {
  cases: number;
  notes: number;
  /** Mean words per note (whitespace-separated). */
  wordsPerNote: number;
  segments: number;
  needed: number;
  /** Share of the not-needed segments that sit in a note with a needed one: they share that note's message features. */
  siblingShare: number;
  /** Share of the notes holding a needed segment that have more than one sentence. */
  neededNotesMultiSentence: number;
  /** Median tokens of a needed segment: a readout delivers whole segments, so one longer than a budget never fits it. */
  neededTokensMedian: number;
  /** Share of the needed segments longer than 64 tokens: facts no readout (the oracle's too) delivers at 16, 32 or 64. */
  neededOver64: number;
}

export function textStats(cases: readonly ReadoutCase[], countTokens: (text: string) => number): TextStats {
  let notes = 0, words = 0, segments = 0, needed = 0, siblings = 0, neededNotes = 0, multi = 0;
  const neededTokens: number[] = [];
  for (const c of cases) {
    for (const m of c.messages) {
      notes++;
      words += m.text.split(/\s+/).filter(Boolean).length;
      segments += m.segments.length;
      const neededHere = m.segments.filter((s) => c.needed.has(s.id));
      const n = neededHere.length;
      needed += n;
      for (const s of neededHere) neededTokens.push(countTokens(s.text));
      if (n === 0) continue;
      neededNotes++;
      siblings += m.segments.length - n;
      if (m.segments.length > 1) multi++;
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    cases: cases.length,
    notes,
    wordsPerNote: ratio(words, notes),
    segments,
    needed,
    siblingShare: ratio(siblings, segments - needed),
    neededNotesMultiSentence: ratio(multi, neededNotes),
    neededTokensMedian: neededTokens.length === 0 ? 0 : median(neededTokens),
    neededOver64: ratio(neededTokens.filter((t) => t > 64).length, neededTokens.length),
  };
}
