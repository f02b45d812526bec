import { englishSentences, type Document } from '../document.js';
import { dropSentence, editSentence, hasProtected, type Edits } from '../edit.js';
import { hasNegation } from '../negation.js';

/**
 * Level 2: restating the question before answering it. The receiver asked it (or
 * can read it), so "You asked about the cache." goes. A restatement that holds a
 * protected span or a negation stays: it may be the only place those appear.
 */
const WHOLE = new RegExp(
  [
    String.raw`^(?:so,? )?you(?:'ve| have)? (?:asked|were asking|are asking|wanted to know|want to know|were wondering|are wondering|inquired)(?: me)? (?:about|whether|if|how|what|why|when|where|which|who|for|me to)\b[^.!?]*[.!?]?$`,
    String.raw`^(?:so,? )?(?:you'?re|you are) (?:asking|wondering) (?:about|whether|if|how|what|why|when|where|which|who)\b[^.!?]*[.!?]?$`,
    String.raw`^(?:your|the|this) question (?:is|was) (?:about|whether|if|how|what|why|when|where|which|who|regarding)\b[^.!?]*[.!?]?$`,
    String.raw`^(?:let me|i'?ll|i will) (?:answer|address|respond to) (?:your|the|this) question(?: about [^.!?]*)?[.!?]?$`,
  ].join('|'),
  'i',
);
const PREFIX =
  /^(?:to answer your question|regarding your question|as for your question|in answer to your question|in response to your question|as to your question)(?: about [^,]{1,80})?,\s*(?=\S)/i;

/** A next sentence that opens with a pronoun leans on the restatement for its subject: "They are clean." */
const LEANS_BACK = /^(?:it|its|they|them|their|this|that|these|those|he|she|his|her)\b/i;

export function dropRestatements(doc: Document, edits: Edits): void {
  const sentences = [...englishSentences(doc)];
  sentences.forEach((sentence, i) => {
    if (WHOLE.test(sentence.body)) {
      const next = sentences[i + 1]?.body ?? '';
      if (!hasProtected(sentence.body) && !hasNegation(sentence.body) && !LEANS_BACK.test(next)) dropSentence(sentence, 'restatement', edits);
      return;
    }
    editSentence(sentence, 'restatement', edits, (body) => {
      const m = PREFIX.exec(body);
      if (!m || hasProtected(m[0]) || hasNegation(m[0])) return undefined;
      return { body: body.slice(m[0].length), removed: [m[0].replace(/,\s*$/, '')] };
    });
  });
}
