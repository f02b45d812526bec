import { englishSentences, type Document } from '../document.js';
import { dropSentence, editSentence, hasProtected, type Edits } from '../edit.js';

/**
 * Level 1: greetings, courtesy openers and sign-offs that carry nothing the
 * receiver acts on. Only whole sentences that are nothing but such a formula go,
 * and never one that holds a protected span ("Thanks, Alice!" stays): a "Let me
 * know if the build fails on ARM" is a request, not a sign-off, and is kept.
 */
const END = String.raw`[\s.!?…,:;)]*$`;
const QUESTIONS = String.raw`(?:any )?(?:other |more |further |follow-up |additional )?questions?`;
const MORE_HELP = String.raw`(?:anything else|any(?:thing)? (?:more|further|else)|more (?:help|details|information|info)|further (?:help|assistance|clarification|details)|(?:any )?(?:more |further )?clarification)(?: (?:i|we) can (?:help(?: you)? with|do(?: for you)?))?`;

/** Affirmations are courtesy only as the opener; later in a message "Of course." may be the answer to a question. */
const OPENER_FORMULAS = [
  String.raw`(?:sure|sure thing|certainly|of course|absolutely|definitely|gladly|with pleasure|okay|alright|great|perfect|got it|understood)`,
];

const FORMULAS = [
  String.raw`(?:my pleasure|no problem|no worries|you'?re welcome|you are welcome)`,
  String.raw`(?:great|good|excellent|interesting|what a great|that'?s a great|that'?s a good) question`,
  String.raw`(?:hi|hello|hey|greetings|good (?:morning|afternoon|evening))(?: there| all| everyone| team| folks| guys| again)?`,
  String.raw`(?:i'?d|i would|i'?m|i am|we'?d|we would|we'?re|we are)? ?(?:be )?(?:very |more than |always )?(?:happy|glad|delighted) to help(?: you)?(?: (?:out|with (?:that|this|your question|the question|this question)))?`,
  String.raw`glad (?:you asked|to help|i could help|that helped|this helped)`,
  String.raw`(?:i'?d|i would|i'?m|i am)? ?(?:be )?(?:happy|glad) to (?:explain|assist|clarify)`,
  String.raw`let me (?:explain|break (?:it|this|that) down|walk you through (?:it|this|that)|elaborate)`,
  String.raw`(?:great|ok|okay|perfect|awesome),? (?:thanks|thank you)(?: so much)?`,
  String.raw`(?:thanks|thank you)(?: so much| very much| a lot)? for (?:asking|your question|the question|reaching out|your patience|waiting|the context|the details|sharing(?: (?:that|this))?|getting in touch|the (?:pr|patch|review|update|fix|report|feedback|heads-up|reply|quick reply|link|info|information))`,
  String.raw`let me help(?: you)?(?: with (?:that|this))?`,
  String.raw`let'?s (?:dive in|dive into it|get started|take a look|break (?:it|this) down|begin)`,
  String.raw`(?:i )?hope (?:you'?re|you are|you have been|you'?ve been) (?:doing )?(?:well|good|great)`,
  String.raw`(?:i )?hope (?:all is|everything is) (?:well|good)`,
  String.raw`(?:i )?hope this (?:message|email|note) finds you well`,
  String.raw`(?:i |we )?hope (?:this|that|it|the above) (?:helps|helped|is helpful|was helpful|clarifies things|makes sense)(?: (?:you|a bit|a lot|somewhat))?`,
  String.raw`let me know if (?:you have|there are|you've got) ${QUESTIONS}`,
  String.raw`let me know if (?:you need|you'?d like|you want|there'?s) ${MORE_HELP}(?: (?:on|about) (?:this|that|any of this))?`,
  String.raw`let me know if (?:you'?d like|you want) me to (?:elaborate|expand|clarify|go into more detail|explain further)(?: (?:on|about) (?:this|that|any of this|anything))?`,
  String.raw`let me know if (?:anything|something|any of this) (?:is|was) (?:unclear|confusing)`,
  String.raw`let me know if (?:this|that) (?:helps|works(?: for you)?|makes sense|answers your question)`,
  String.raw`let me know (?:what you think|how it goes|your thoughts)`,
  String.raw`if you have ${QUESTIONS},? (?:feel free to|please|don'?t hesitate to|just) (?:ask|reach out|let me know|get in touch)(?: (?:to|with) me)?`,
  String.raw`(?:please )?feel free to (?:ask|reach out|let me know|get in touch|ask me)(?: if you have ${QUESTIONS}| if you need ${MORE_HELP}| (?:any|with) ${QUESTIONS})?`,
  String.raw`(?:please )?don'?t hesitate to (?:ask|reach out|contact me|contact us|get in touch)(?: if you have ${QUESTIONS}| if you need ${MORE_HELP}| with ${QUESTIONS})?`,
  String.raw`(?:happy|good) (?:coding|hacking|learning|building|debugging)`,
  String.raw`good luck(?: with (?:that|this|your project|the project))?`,
  String.raw`(?:cheers|best|best regards|kind regards|warm regards|regards|sincerely|yours truly|all the best|many thanks|thanks|thank you|thanks again|thanks so much|thank you so much|thanks a lot|thanks in advance|thank you in advance|thx|ty|much appreciated)`,
  String.raw`have a (?:great|good|nice|wonderful|lovely) (?:day|weekend|week|one|evening)`,
  String.raw`(?:i'?m|i am|we'?re|we are) (?:always )?here (?:if you need (?:anything|me|us|more help)|to help)`,
  String.raw`(?:is there )?anything else (?:i can help(?: you)? with|you need|you'?d like to know)`,
];

const WHOLE = new RegExp(`^(?:${FORMULAS.join('|')})${END}`, 'i');
const OPENER = new RegExp(`^(?:${OPENER_FORMULAS.join('|')})${END}`, 'i');
/** Openers that precede real content in the same sentence: "Sure, here is the plan." */
// Not before "but": "Sure, but…" concedes, and the concession is content.
const PREFIX = /^(?:sure|certainly|of course|absolutely|okay|alright|great question|good question|no problem)[,!.]\s+(?!but\b)(?=\S)/i;

export function dropPleasantries(doc: Document, edits: Edits): void {
  let first = true;
  for (const sentence of englishSentences(doc)) {
    const opener = first;
    first = false;
    if (!hasProtected(sentence.body) && (WHOLE.test(sentence.body) || (opener && OPENER.test(sentence.body)))) {
      dropSentence(sentence, 'pleasantry', edits);
      continue;
    }
    editSentence(sentence, 'pleasantry', edits, (body) => {
      const m = PREFIX.exec(body);
      return m ? { body: body.slice(m[0].length), removed: [m[0].trim()] } : undefined;
    });
  }
}
