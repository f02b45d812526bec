import { englishSentences, type Document } from '../document.js';
import { dropSentence, hasProtected, type Edits } from '../edit.js';
import { hasNegation } from '../negation.js';

/**
 * Level 2: transition sentences, the filler between statements that only
 * announces there is more ("Here is another thing worth knowing.", "Moving on to
 * the next point.", "Let me add something else.", "Relaying everything I know.").
 * Only whole sentences go, and only ones ending like a statement: a line ending
 * in ":" introduces what follows and is level 3's list boilerplate. A sentence
 * that names anything ("Here is the plan for Friday.", "Let me add the 3 failing
 * tests.") or holds a negation is content and stays, and so does a promise ("I
 * will send the details."): only the present tense describes the message itself.
 */
const APOSTROPHE = (source: string) => source.replace(/'/g, "['’]");
const END = String.raw`[\s.!…]*$`;
const LEAD = String.raw`^(?:(?:ok|okay|so|now|right|alright|well|and|also|next|then|finally),? )*`;

const WHAT_I_HAVE = String.raw`what (?:i|we) (?:have|know|found|can share|can tell you|could find|got|learned|gathered|hold|have on hand)`;
const INFO =
  String.raw`(?:(?:a|an|the|one|some|my|our) )?(?:(?:more|other|another|further|additional|final|last|quick|short|brief|small|key|relevant|important|next|main) )*(?:thing|point|detail|note|update|fact|item|bit|piece of information|information|details|facts|points|things|notes|summary|overview|rundown|answer|info|findings|status|breakdown|context|rest)`;
const QUALIFIER = String.raw`(?:worth (?:knowing|mentioning|noting|sharing|flagging)|(?:that )?you (?:should|might|may|will) (?:want to )?(?:know|find useful|need)|(?:that )?(?:i|we) (?:have|know|found|can share|gathered|hold)|to (?:share|note|mention|know|add|consider|keep in mind)|of note|for you|on (?:this|that|it|my end|my side|hand)|so far|as (?:requested|promised)|too|as well|then|below|here|now)`;

const PATTERNS = [
  // "Here is what I have.", "Here is another thing worth knowing."
  String.raw`(?:here(?:'s| is| are)|below (?:is|are)|the following is) (?:${WHAT_I_HAVE}|${INFO})(?: ${QUALIFIER})*`,
  // "Moving on to the next point."
  String.raw`(?:moving on|turning|on|now on|next up|and now|now) to (?:the |my |a |another )?(?:next|other|last|final|second|third|following)? ?(?:point|item|thing|topic|part|question|bit|one)s?|moving on|next up`,
  // "Let me add something else.", "Let me walk you through it."
  String.raw`let me (?:add|mention|share|note|point out|flag|explain|walk you through|summari[sz]e|recap|go over|lay out|break down|give you|tell you|also mention|add to that)(?: (?:something|one more thing|one more detail|one more point|another (?:thing|detail|point)|a (?:few|couple of) (?:things|details|points)|it|this|that|them|everything|${WHAT_I_HAVE}|${INFO}))?(?: (?:else|more|too|as well|here|below|quickly|briefly|for you|first|then|now))*`,
  // "There is one more detail I should mention."
  String.raw`there(?:'s| is| are) (?:also )?(?:one|a|another|a few|two|some|a couple of)? ?(?:(?:more|other|further|additional|last|final|small|quick|important) )*(?:thing|detail|point|fact|note|item)s? (?:(?:that )?(?:i|we) (?:should|must|want to|wanted to|'d like to|would like to|need to) (?:mention|note|add|flag|share|point out|highlight)|worth (?:mentioning|noting|knowing|flagging|sharing)|to (?:mention|note|add|know|flag|share|keep in mind|consider))(?: (?:too|as well|here|also))*`,
  // "I'll start with the basics."
  String.raw`(?:i'll|i will|let me|let's|let us) (?:start|begin|kick off|get started)(?: with (?:the (?:basics|facts|details|key points|main points)|${WHAT_I_HAVE}|an overview|a summary))?`,
  // "I am sharing the details I hold.", "Relaying everything I know."
  String.raw`(?:(?:i'm|i am|we're|we are) )?(?:sharing|passing on|passing along|sending|forwarding|relaying|providing|giving|including|posting)(?: you)? (?:${WHAT_I_HAVE}|${INFO}|(?:all|everything) (?:(?:of )?${INFO}|(?:that )?(?:i|we) (?:have|know|hold|found|gathered)))(?: ${QUALIFIER}| (?:i|we) (?:have|hold|know|found|gathered))*`,
];

const TRANSITION = new RegExp(APOSTROPHE(`${LEAD}(?:${PATTERNS.join('|')})${END}`), 'i');

export function dropTransitions(doc: Document, edits: Edits): void {
  for (const sentence of englishSentences(doc)) {
    if (!TRANSITION.test(sentence.body) || hasProtected(sentence.body) || hasNegation(sentence.body)) continue;
    dropSentence(sentence, 'transition', edits);
  }
}
