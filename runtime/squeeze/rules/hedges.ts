import { englishSentences, type Document } from '../document.js';
import { editSentence, type Edits } from '../edit.js';
import { isNegation, wordBefore } from '../negation.js';

/**
 * Level 2: hedges and filler. Four shapes, each with its own guard:
 * - clause openers ("Basically,", "As far as I can tell,", "Just to note,",
 *   "One thing to flag:") go only where a clause starts and only with the comma
 *   or colon that closes them, so "as far as the depot" stays;
 * - "I think", "I believe", "my understanding is that", "it seems that" go only
 *   when a full clause follows them, so "I think so." and "it looks like a bug" stay;
 * - trailing hedges (", if I am not mistaken.", ", as far as I know.") go only at
 *   the very end of a sentence, after a comma; the negation inside the fixed idiom
 *   "if I'm not mistaken" belongs to the hedge, not to the statement;
 * - filler words ("just", "really") go anywhere except right after a negation
 *   ("not just", "not really" mean something else without them) and "just"
 *   before an amount, where it means "only".
 */
const CLAUSE_START = String.raw`(?:^|(?<=[,;:—–]\s)|(?<=\b(?:and|but|so|because|also|then)\s))`;

/** Epistemic asides that frame a statement as the speaker's knowledge: the statement stands without them. */
const EPISTEMIC = String.raw`(?:as far as (?:i|we) (?:can tell|can see|know|understand|am aware|'m aware|are aware|'re aware|recall|remember)|(?:if|from what) (?:i|we) (?:remember|recall)(?: (?:correctly|right))?|if (?:i'?m|i am|we'?re|we are) not mistaken|unless (?:i'?m|i am) mistaken|if memory serves(?: me)?(?: (?:right|correctly|well))?|to (?:the best of )?(?:my|our) (?:knowledge|understanding|recollection)|to my mind|from what (?:i|we) (?:can tell|can see|know|understand|gather|hear|heard|have seen|'ve seen|have heard|'ve heard)|as (?:i|we) understand it|as (?:i|we) recall|as (?:i|we) see it|in my (?:experience|understanding|estimation|humble opinion)|if i had to guess|correct me if i'?m wrong(?: but)?|i (?:believe|think|suppose|guess|reckon)|(?:it )?(?:seems|appears) to me)`;
/** Framings that flag a statement as worth noting; the flagging adds nothing the statement does not say. */
const FRAMING = String.raw`(?:just|only) (?:to (?:note|flag|mention|add|say|be clear|clarify|confirm|point out|let you know|be safe)|so (?:you know|you're aware|you are aware))|for (?:your|the) (?:information|reference|record)|for context|as a (?:heads[- ]up|side note|reminder|note|quick note)|(?:quick|small|side) note|on a (?:related|side) note|worth (?:noting|mentioning|knowing)|to be (?:clear|precise|exact)|if (?:it|that) helps|for what it(?:'?s| is) worth`;
const APOSTROPHE = (source: string) => source.replace(/'/g, "['’]");
const FRAMING_COLON = String.raw`(?:(?:one|a|another|the|quick|small) )?(?:(?:quick|small|important|final|last|other|more|side|key) )?(?:thing|point|detail|note|caveat|remark|heads[- ]up) (?:to (?:flag|note|mention|keep in mind|bear in mind|point out|highlight|add|know|consider|remember)|worth (?:flagging|noting|mentioning|knowing|keeping in mind))(?: here)?|(?:quick |side |small )?note|heads[- ]up|for (?:the )?record|worth noting|to be clear`;

const OPENERS = new RegExp(
  CLAUSE_START +
    String.raw`(?:(?:as an ai(?: language model| assistant)?|just so you know|just to be clear|for what it'?s worth|basically|essentially|honestly|frankly|actually|well|so|okay so|ok so|anyway|anyhow|obviously|clearly|of course|interestingly(?: enough)?|needless to say|to be honest|to be fair|in my opinion|in my view|if you ask me|as you can see|as (?:you|we) know|as (?:i |we )?(?:mentioned|said|noted|stated)(?: (?:earlier|before|above|previously))?|${APOSTROPHE(EPISTEMIC)}|${APOSTROPHE(FRAMING)}),\s*|(?:${FRAMING_COLON}):\s*|(?:as you can see|needless to say|it (?:is|'s) worth (?:noting|mentioning|pointing out|keeping in mind|knowing) that|(?:please )?(?:keep|bear) in mind that|(?:please )?(?:note|be aware|be advised) that|(?:i|we) (?:should|must|want to|wanted to|would like to|'d like to) (?:note|mention|point out|add|flag|highlight|stress|say|let you know|tell you) that|i can (?:confirm|tell you|report|share) that|(?:i'?m|i am|we'?re|we are) (?:happy|glad|pleased) to (?:report|confirm|say|share|let you know) that|all i can (?:say|tell you) is that)\s+)`,
  'gi',
);

const SUBJECT = String.raw`(?:(?:the|a|an|this|these|those|it|we|you|they|he|she|i|there|our|your|their|its|my|all|some|most|each|every|both|no|none|nothing)\b|[\uE000])`;
const VERB =
  /\b(?:is|are|was|were|has|have|had|will|would|can|could|should|might|may|must|does|did|do|needs?|works?|fails?|breaks?|came|went|got|made|took|said|found|ran|broke|saw|left|fell|grew|rose|began|sent|built|kept|lost|paid|won|wrote|held|set|put|cut|hit|gave|knew|thought|became|lies|meets|leaves|mentors|\w+ed)\b|['’](?:s|re|ll|ve|d|m)\b|n['’]t\b/i;
const CLAUSE_HEDGE = new RegExp(
  CLAUSE_START +
    String.raw`(?:i(?: think| believe| guess| suppose| reckon| assume| gather| understand| suspect| feel like| would say|['’]d say| am(?: fairly| pretty| quite| reasonably| almost)? (?:sure|confident|certain)|['’]m(?: fairly| pretty| quite| reasonably| almost)? (?:sure|confident|certain))|we (?:think|believe)|(?:my|our) (?:understanding|sense|impression|guess|feeling|take|read|belief|recollection) is|it (?:seems|appears|looks)(?: like| as if| as though)?|it would (?:seem|appear)|chances are|(?:i have|i['’]ve got) a feeling)(?: that)?,?\s+(?=${SUBJECT})`,
  'gi',
);

/** The same epistemic asides at the end of a sentence, after a comma: "…, if I am not mistaken." */
const TRAILING_HEDGE = new RegExp(
  String.raw`,\s*(?:${APOSTROPHE(EPISTEMIC)}|as far as (?:i|we) know|if (?:i|we) remember (?:correctly|right)|if i['’]m not wrong|i['’]d (?:say|guess|think)|it (?:seems|appears)|or so (?:i|we) (?:think|believe|hear|heard|understand)|for what it(?:['’]s| is) worth)\s*(?=[.!?…]*$)`,
  'i',
);
/** An epistemic aside between commas inside a sentence: "The depot, as far as I know, is in Halden." */
const PARENTHETICAL_HEDGE = new RegExp(String.raw`,\s*(?:${APOSTROPHE(EPISTEMIC)}),\s*`, 'gi');

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

function removeTrailingHedges(body: string) {
  const removed: string[] = [];
  let out = body.replace(PARENTHETICAL_HEDGE, (m) => {
    removed.push(m.replace(/^,\s*|,\s*$/g, ''));
    return ' ';
  });
  const m = TRAILING_HEDGE.exec(out);
  if (m) {
    removed.push(m[0].replace(/^,\s*/, '').trim());
    out = out.slice(0, m.index) + out.slice(m.index + m[0].length);
  }
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
    editSentence(sentence, 'hedge', edits, removeTrailingHedges);
    if (sentence.dropped) continue;
    editSentence(sentence, 'hedge', edits, removeOpeners);
    if (sentence.dropped) continue;
    editSentence(sentence, 'hedge', edits, removeClauseHedges);
    if (sentence.dropped) continue;
    editSentence(sentence, 'filler', edits, removeFillers);
  }
}
