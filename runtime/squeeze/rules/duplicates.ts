import { englishSentences, type Document, type Sentence } from '../document.js';
import { dropSentence, type Edits } from '../edit.js';
import { polarityKey } from '../negation.js';
import { placeholdersIn, unmask } from '../protect.js';

/**
 * Level 1: sentences said twice. A later sentence goes when it is the same as an
 * earlier one up to case, punctuation and filler, or a near-exact repeat: its
 * content words appear in the earlier one in the same order, it covers most of
 * the earlier one, it has the same negations, and every protected span it holds
 * is in the earlier one too. So "Alice wrote the tests and Bob reviewed the code"
 * never swallows "Alice reviewed the code". A recap ("To sum up, the cache is
 * stale.") is compared without its opener, so a recap of an earlier sentence is a
 * repeat; a "To sum up," before anything new stays with it.
 */
const MIN_WORDS = 4;
const NEAR_COVERAGE = 0.8;
const NOISE = new Set(
  'the a an so and but also then again as well i think that this it is are was to of'.split(' '),
);

const RECAP_OPENER =
  /^(?:(?:so|and|ok|okay),?\s+)*(?:to (?:sum (?:it )?up|summari[sz]e|recap|conclude|repeat|reiterate|restate)|in (?:short|summary|sum|brief|a nutshell|conclusion|other words)|(?:as a |quick |to )?recap|all in all|overall|long story short|(?:the )?bottom line(?: is)?|tl;?dr)[,:]\s+(?=\S)/i;

function words(body: string): string[] {
  return body.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
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
  /** The sentence with its protected spans restored, and those spans. */
  text: string;
  spans: Set<string>;
}

// Compared with spans restored: a name that opens one sentence is plain text there and masked where it comes later.
function fingerprint(sentence: Sentence, spans: readonly string[]): Fingerprint {
  const text = unmask(sentence.body, spans);
  const all = words(unmask(sentence.body.replace(RECAP_OPENER, ''), spans));
  const own = new Set(placeholdersIn(sentence.body).map((p) => unmask(p, spans)));
  return { words: all, content: all.filter((w) => !NOISE.has(w)), negations: polarityKey(text), text, spans: own };
}

function repeats(later: Fingerprint, earlier: Fingerprint): boolean {
  if (later.words.length < MIN_WORDS || later.negations !== earlier.negations) return false;
  if (later.content.length > earlier.content.length || later.content.length < NEAR_COVERAGE * earlier.content.length) return false;
  for (const span of later.spans) if (!earlier.text.includes(span)) return false;
  if (later.content.length === 0) return later.words.join(' ') === earlier.words.join(' ');
  return isSubsequence(later.content, earlier.content);
}

/** `spans` are the message's protected spans, by placeholder id. */
export function dropDuplicates(doc: Document, edits: Edits, spans: readonly string[]): void {
  const kept: Fingerprint[] = [];
  for (const sentence of englishSentences(doc)) {
    const print = fingerprint(sentence, spans);
    if (kept.some((earlier) => repeats(print, earlier))) dropSentence(sentence, 'duplicate', edits);
    else kept.push(print);
  }
}
