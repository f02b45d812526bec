/**
 * What each split of coordbench's natural corpus is like, as the readout sees it (sentences from
 * runtime/text/segment.ts): words per note, segments, and how often a not-needed sentence shares
 * its note with a needed one, and how long a needed sentence is in tokens (o200k). Run: npx tsx bench/corpus-stats.ts
 */
import path from 'node:path';
import { O200K } from '../runtime/tokens/tokenizer.js';
import { NaturalSplit } from '../src/bench/natural/corpus.js';
import { episodesOf, loadNaturalCorpus } from '../src/bench/natural/load.js';
import { textStats } from '../src/bench/natural/stats.js';
import { naturalCase } from '../src/bench/readout-eval/cases.js';

const corpus = await loadNaturalCorpus(path.resolve(import.meta.dirname, 'corpus/natural'));
const lines = [
  '| split | episodes | notes | words per note | segments | needed | not-needed segments in a needed note | needed notes of 2+ sentences | tokens of a needed segment (median) | needed segments over 64 tokens |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const split of NaturalSplit.options) {
  const s = textStats(episodesOf(corpus, split).map(naturalCase), (text) => O200K.count(text));
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  lines.push(`| ${split} | ${s.cases} | ${s.notes} | ${s.wordsPerNote.toFixed(1)} | ${s.segments} | ${s.needed} | ${pct(s.siblingShare)} | ${pct(s.neededNotesMultiSentence)} | ${s.neededTokensMedian} | ${pct(s.neededOver64)} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
