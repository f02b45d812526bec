import { englishSentences, type Document } from '../document.js';
import { editSentence, type Edits } from '../edit.js';

/**
 * Level 3: wordy phrases that have a shorter equivalent with the same meaning.
 * None of them contains or introduces a change of polarity; phrases whose short
 * form would shift the meaning in some contexts ("with respect to x" in maths)
 * are left out on purpose.
 */
const PHRASES: ReadonlyArray<readonly [string, string]> = [
  ['in order to', 'to'],
  ['in order for', 'for'],
  ['due to the fact that', 'because'],
  ['owing to the fact that', 'because'],
  ['on account of the fact that', 'because'],
  ['in light of the fact that', 'because'],
  ['despite the fact that', 'although'],
  ['in spite of the fact that', 'although'],
  ['regardless of the fact that', 'although'],
  ['a large number of', 'many'],
  ['a great number of', 'many'],
  ['a significant number of', 'many'],
  ['a small number of', 'a few'],
  ['the vast majority of', 'most'],
  ['the majority of', 'most'],
  ['a great deal of', 'much'],
  ['at this point in time', 'now'],
  ['at the present time', 'now'],
  ['at the current time', 'now'],
  ['in the near future', 'soon'],
  ['in the event that', 'if'],
  ['in the case that', 'if'],
  ['on the condition that', 'if'],
  ['for the purpose of', 'for'],
  ['with the exception of', 'except'],
  ['in the absence of', 'without'],
  ['with regard to', 'about'],
  ['in regard to', 'about'],
  ['with reference to', 'about'],
  ['in relation to', 'about'],
  ['is able to', 'can'],
  ['are able to', 'can'],
  ['has the ability to', 'can'],
  ['have the ability to', 'can'],
  ['was able to', 'could'],
  ['were able to', 'could'],
  ['prior to', 'before'],
  ['subsequent to', 'after'],
  ['in close proximity to', 'near'],
  ['on a daily basis', 'daily'],
  ['on a weekly basis', 'weekly'],
  ['on a regular basis', 'regularly'],
  ['at all times', 'always'],
  ['each and every', 'every'],
  ['first and foremost', 'first'],
  ['for the most part', 'mostly'],
  ['in a timely manner', 'promptly'],
  ['until such time as', 'until'],
  ['whether or not', 'whether'],
  ['as a matter of fact', 'in fact'],
  ['take into consideration', 'consider'],
  ['take into account', 'consider'],
  ['make a decision', 'decide'],
  ['come to the conclusion', 'conclude'],
  ['give consideration to', 'consider'],
  ['in the process of', ''],
  ['the fact that', 'that'],
  ['a total of', ''],
  ['in addition to', 'besides'],
  ['at the end of the day', 'ultimately'],
  ['i would recommend', 'i recommend'],
  ["i'd recommend", 'i recommend'],
  ['i would suggest', 'i suggest'],
  ["i'd suggest", 'i suggest'],
];

/** Phrases that only announce what follows; they go only where a clause starts ("I'd note that…" keeps its verb). */
const ANNOUNCERS: ReadonlyArray<readonly [string, string]> = [
  ['it is important to note that', ''],
  ["it's important to note that", ''],
  ['it should be noted that', ''],
  ['it is worth noting that', ''],
  ['please note that', ''],
  ['note that', ''],
];

const ALL = [...PHRASES, ...ANNOUNCERS];
const CLAUSE_ONLY = new Set(ANNOUNCERS.map(([long]) => long));
const LOOKUP = new Map(ALL.map(([long, short]) => [long, short]));
const ALTERNATION = [...ALL]
  .sort((a, b) => b[0].length - a[0].length)
  .map(([long]) => long.replace(/[.*+?^${}()|[\]\\']/g, (c) => (c === "'" ? "['’]" : `\\${c}`)))
  .join('|');
const PATTERN = new RegExp(`\\b(?:${ALTERNATION})\\b\\s?`, 'gi');

function matchCase(source: string, replacement: string): string {
  return /^\p{Lu}/u.test(source) && replacement.length > 0 ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement;
}

export function shortenPhrases(doc: Document, edits: Edits): void {
  for (const sentence of englishSentences(doc)) {
    editSentence(sentence, 'shorten', edits, (body) => {
      const removed: string[] = [];
      const replacements: string[] = [];
      const out = body.replace(PATTERN, (m, offset: number, whole: string) => {
        const phrase = m.trim();
        const key = phrase.toLowerCase().replace(/’/g, "'");
        if (CLAUSE_ONLY.has(key) && !/(?:^|[,;:]\s*)$/.test(whole.slice(0, offset))) return m;
        const short = LOOKUP.get(key) ?? phrase;
        removed.push(phrase);
        replacements.push(short);
        const trailing = m.slice(phrase.length);
        return short.length > 0 ? matchCase(phrase, short) + trailing : '';
      });
      return removed.length > 0 ? { body: out, removed, replacements } : undefined;
    });
  }
}
