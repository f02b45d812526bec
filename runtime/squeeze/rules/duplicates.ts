import { englishSentences, type Document, type Sentence } from '../document.js';
import { dropSentence, type Edits } from '../edit.js';
import { polarityKey } from '../negation.js';
import { placeholdersIn } from '../protect.js';

/**
 * Level 1: sentences said twice. A later sentence goes when it is the same as an
 * earlier one up to case, punctuation and filler, or a near-exact repeat: its
 * content words appear in the earlier one in the same order, it covers most of
 * the earlier one, it has the same negations, and every protected span it holds
 * is in the earlier one too. So "Alice wrote the tests and Bob reviewed the code"
 * never swallows "Alice reviewed the code".
 */
const MIN_WORDS = 4;
const NEAR_COVERAGE = 0.8;
const NOISE = new Set(
  'the a an so and but also then again as well i think that this it is are was to of'.split(' '),
);

function words(body: string): string[] {
  return body.toLowerCase().match(/\uE000..[\uE001\uE002]|[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}

function isSubsequence(short: readonly string[], long: readonly string[]): boolean {
  let i = 0;
  for (const word of long) if (word === short[i]) i++;
  return i === short.length;
}

interface Fingerprint {
  words: string[];
  content: string[];
  negations: string;
  placeholders: Set<string>;
}

function fingerprint(sentence: Sentence): Fingerprint {
  const all = words(sentence.body);
  const placeholders = new Set(placeholdersIn(sentence.body));
  return { words: all, content: all.filter((w) => !NOISE.has(w)), negations: polarityKey(sentence.body), placeholders };
}

function repeats(later: Fingerprint, earlier: Fingerprint): boolean {
  if (later.words.length < MIN_WORDS || later.negations !== earlier.negations) return false;
  if (later.content.length > earlier.content.length || later.content.length < NEAR_COVERAGE * earlier.content.length) return false;
  for (const p of later.placeholders) if (!earlier.placeholders.has(p)) return false;
  if (later.content.length === 0) return later.words.join(' ') === earlier.words.join(' ');
  return isSubsequence(later.content, earlier.content);
}

export function dropDuplicates(doc: Document, edits: Edits): void {
  const kept: Fingerprint[] = [];
  for (const sentence of englishSentences(doc)) {
    const print = fingerprint(sentence);
    if (kept.some((earlier) => repeats(print, earlier))) dropSentence(sentence, 'duplicate', edits);
    else kept.push(print);
  }
}
