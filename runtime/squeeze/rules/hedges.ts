import { englishSentences, type Document } from '../document.js';
import { editSentence, type Edits } from '../edit.js';
import { isNegation, wordBefore } from '../negation.js';

/**
 * Level 2: hedges and filler. Three shapes, each with its own guard:
 * - clause openers ("Basically,", "As you can see,") go only where a clause starts;
 * - "I think", "it seems that" go only when a full clause follows them, so
 *   "I think so." and "it looks like a bug" stay whole;
 * - filler words ("just", "really") go anywhere except right after a negation
 *   ("not just", "not really" mean something else without them) and "just"
 *   before an amount, where it means "only".
 */
const CLAUSE_START = String.raw`(?:^|(?<=[,;:—–]\s)|(?<=\b(?:and|but|so|because|also|then)\s))`;

const OPENERS = new RegExp(
  CLAUSE_START +
    String.raw`(?:(?:as an ai(?: language model| assistant)?|just so you know|just to be clear|for what it'?s worth|basically|essentially|honestly|frankly|actually|well|so|okay so|ok so|anyway|anyhow|obviously|clearly|of course|interestingly(?: enough)?|needless to say|to be honest|to be fair|in my opinion|in my view|if you ask me|as you can see|as (?:you|we) know|as (?:i |we )?(?:mentioned|said|noted|stated)(?: (?:earlier|before|above|previously))?),\s*|(?:as you can see|needless to say|it (?:is|'s) worth (?:noting|mentioning|pointing out) that)\s+)`,
  'gi',
);

const SUBJECT = String.raw`(?:the|a|an|this|these|those|it|we|you|they|he|she|there|our|your|their|its|my|all|some|most|each|every|both|no|none|nothing|[\uE000])`;
const VERB =
  /\b(?:is|are|was|were|has|have|had|will|would|can|could|should|might|may|must|does|did|do|needs?|works?|fails?|breaks?|came|went|got|made|took|said|found|ran|broke|saw|left|fell|grew|rose|began|sent|built|kept|lost|paid|won|wrote|held|set|put|cut|hit|gave|knew|thought|became|\w+ed)\b|['’](?:s|re|ll|ve|d)\b|n['’]t\b/i;
const CLAUSE_HEDGE = new RegExp(
  CLAUSE_START +
    String.raw`(?:i(?: think| believe| guess| suppose| feel like| would say|['’]d say)|it (?:seems|appears|looks)(?: like| as if| as though)?)(?: that)?,?\s+(?=${SUBJECT})`,
  'gi',
);

const FILLERS = /\b(?:just|really|basically|actually|literally|essentially|pretty much|simply)\b(?! put\b)\s*/gi;
const SOFTENERS = /(?<=\b(?:is|are|was|were|it's|that's|seems|looks|feels?)\s)(?:kind of|sort of|a bit of a|somewhat)\s+/gi;
// "just 3 retries" means only three, "just below" means barely below: there "just" is meaning, not filler.
const AMOUNT_AFTER = /^\s*(?:[\uE000]|(?:a (?:few|couple|little|bit)|one|two|three|four|five|six|seven|eight|nine|ten|once|twice|under|over|about|around|below|above|before|after|short of|shy of|enough|as|in time|barely|the one|one of)\b)/i;

function removeOpeners(body: string) {
  const removed: string[] = [];
  const out = body.replace(OPENERS, (m) => {
    removed.push(m.trim());
    return '';
  });
  return removed.length > 0 ? { body: out, removed } : undefined;
}

function removeClauseHedges(body: string) {
  const removed: string[] = [];
  const out = body.replace(CLAUSE_HEDGE, (m, offset: number, whole: string) => {
    const rest = whole.slice(offset + m.length);
    const clause = /^[^,;:.!?]*/.exec(rest)?.[0] ?? '';
    if (!VERB.test(clause) || clause.trim().split(/\s+/).length < 2) return m;
    removed.push(m.trim());
    return '';
  });
  return removed.length > 0 ? { body: out, removed } : undefined;
}

function removeFillers(body: string) {
  // In a two-word sentence ("Really?", "Just checking.") the filler is the point.
  if (body.trim().split(/\s+/).length <= 2) return undefined;
  const removed: string[] = [];
  const out = body
    .replace(FILLERS, (m, offset: number, whole: string) => {
      if (isNegation(wordBefore(whole, offset))) return m;
      if (/^just\b/i.test(m) && AMOUNT_AFTER.test(whole.slice(offset + m.length))) return m;
      removed.push(m.trim());
      return '';
    })
    .replace(SOFTENERS, (m, offset: number, whole: string) => {
      if (isNegation(wordBefore(whole, offset))) return m;
      removed.push(m.trim());
      return '';
    });
  return removed.length > 0 ? { body: out, removed } : undefined;
}

export function dropHedges(doc: Document, edits: Edits): void {
  for (const sentence of englishSentences(doc)) {
    editSentence(sentence, 'hedge', edits, removeOpeners);
    if (sentence.dropped) continue;
    editSentence(sentence, 'hedge', edits, removeClauseHedges);
    if (sentence.dropped) continue;
    editSentence(sentence, 'filler', edits, removeFillers);
  }
}
