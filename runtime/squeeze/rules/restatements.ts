import { englishSentences, type Document, type Sentence } from '../document.js';
import { dropSentence, editSentence, type Edits } from '../edit.js';
import { hasNegation } from '../negation.js';
import { placeholdersIn } from '../protect.js';

/**
 * Level 2: restating the question or task before answering it. The receiver
 * asked it (or can read it), so "You asked about the cache." and "If I understand
 * correctly, the goal is to rank the venues." go. A restatement stays when it
 * holds a negation, when it holds a protected span (number, name, quote…) that no
 * other sentence of the message holds, since it may be the only place that span
 * appears, or when the next sentence leans on it for its subject.
 */
const APOSTROPHE = (source: string) => source.replace(/'/g, "['’]");
const WH = String.raw`(?:about|whether|if|how|what|why|when|where|which|who|for|to)\b`;

const TASK = String.raw`(?:question|task|goal|ask|request|job|aim|objective|assignment|brief|mission)`;
const TASK_HERE = String.raw`(?:here|at hand|for me|for us|today|then)`;
const TASK_IS = String.raw`(?:is|was|seems to be|would be) (?:about|regarding|whether|if|how|what|why|when|where|which|who|to)\b`;

/** Restatements on their own: the sentence can only be a report of what was asked. */
const STANDALONE = [
  String.raw`you(?:'ve| have)? (?:asked|were asking|are asking|requested|wanted to know|want to know|were wondering|are wondering|inquired|asked for)(?: (?:me|us))? ${WH}`,
  String.raw`(?:you'?re|you are) (?:asking|wondering) ${WH}`,
  String.raw`you(?: would like|'d like| wanted| want| need| needed| were hoping for| are hoping for) (?:me|us) to\b`,
  String.raw`(?:your|my) ${TASK}(?: ${TASK_HERE})? ${TASK_IS}`,
  String.raw`(?:the|this|our) ${TASK} ${TASK_HERE} ${TASK_IS}`,
  String.raw`(?:the|this) question ${TASK_IS}`,
  String.raw`(?:let me|i'?ll|i will) (?:answer|address|respond to) (?:your|the|this) (?:question|request)(?: about [^.!?]*)?$`,
];
/** Shapes that restate the task only behind a framing of understanding: bare, "we need to restart it" is a plan. */
const FRAMED = [
  String.raw`(?:we|i) (?:need|have|are supposed|am supposed|were asked|was asked|are asked|am asked|are meant|am meant|'re supposed|'m supposed) to\b`,
  String.raw`you(?: need| want| would like|'d like| are looking for| were looking for| asked for| requested) (?:the|my|our|some|any|all|what)\b`,
  // Bare, "The goal is to cut latency by half." may be a planner setting the goal.
  String.raw`(?:the|this|our) ${TASK} ${TASK_IS}`,
];
const UNDERSTANDING = String.raw`(?:if i (?:understand|understood|read|get)(?: (?:you|this|it|that|the (?:ask|request|task)))? (?:correctly|right)|if i'?ve understood(?: (?:you|this|it))? (?:correctly|right)|as i understand it|as i understand (?:the|your) (?:ask|request|task|question)|(?:my|our) understanding is(?: that)?|from what i understand|i understand(?: that)?|i gather(?: that)?|so)`;
const LEAD = String.raw`^(?:(?:so|ok|okay|right|alright),? )*`;

const WHOLE = new RegExp(APOSTROPHE(`${LEAD}(?:${UNDERSTANDING},? )?(?:${STANDALONE.join('|')})[^.!?]*[.!?]?$`), 'i');
const WHOLE_FRAMED = new RegExp(APOSTROPHE(`${LEAD}${UNDERSTANDING},? (?:${FRAMED.join('|')})[^.!?]*[.!?]?$`), 'i');

const PREFIX = new RegExp(
  APOSTROPHE(
    String.raw`^(?:to answer your question|regarding your question|as for your question|in answer to your question|in response to your (?:question|request|message)|as to your question|as (?:you )?(?:requested|asked)|as per your (?:request|ask)|per your request|following (?:up on )?your (?:request|question))(?: about [^,]{1,80})?,\s*(?=\S)`,
  ),
  'i',
);

/**
 * A next sentence that opens with a pronoun leans on the restatement for its subject: "They are clean."
 * An "it" that only anticipates its clause ("It would be nice to have a quiet room.") leans on nothing.
 */
const LEANS_BACK = /^(?:it|its|they|them|their|this|that|these|those|he|she|his|her)\b(?!\s+(?:is|was|would be|will be|might be|could be|'s|’s)\s+\w+\s+(?:to|that|if)\b)/i;

/** Whether every protected span of a sentence also appears in another sentence of the message, so dropping it loses none. */
function spansHeldElsewhere(sentence: Sentence, all: readonly Sentence[]): boolean {
  const own = placeholdersIn(sentence.body);
  if (own.length === 0) return true;
  const elsewhere = new Set(all.filter((s) => s !== sentence && !s.dropped).flatMap((s) => placeholdersIn(s.body)));
  return own.every((p) => elsewhere.has(p));
}

export function dropRestatements(doc: Document, edits: Edits): void {
  const sentences = [...englishSentences(doc)];
  const everySentence = doc.lines.flatMap((line) => line.sentences);
  sentences.forEach((sentence, i) => {
    if (WHOLE.test(sentence.body) || WHOLE_FRAMED.test(sentence.body)) {
      const next = sentences[i + 1]?.body ?? '';
      if (spansHeldElsewhere(sentence, everySentence) && !hasNegation(sentence.body) && !LEANS_BACK.test(next)) {
        dropSentence(sentence, 'restatement', edits);
      }
      return;
    }
    editSentence(sentence, 'restatement', edits, (body) => {
      const m = PREFIX.exec(body);
      if (!m || placeholdersIn(m[0]).length > 0 || hasNegation(m[0])) return undefined;
      return { body: body.slice(m[0].length), removed: [m[0].replace(/,\s*$/, '')] };
    });
  });
}
