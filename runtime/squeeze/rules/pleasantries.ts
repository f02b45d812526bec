import { englishSentences, type Document } from '../document.js';
import { dropSentence, editSentence, hasProtected, type Edits } from '../edit.js';

/**
 * Level 1: greetings, acknowledgements, courtesy openers, offers of more help and
 * sign-offs that carry nothing the receiver acts on. Only whole sentences that are
 * nothing but such formulas go (several may be chained: "Great question, and
 * thanks for asking."), and never one that holds a protected span ("Thanks,
 * Alice!" stays). An offer of help is a way of getting in touch plus a condition
 * that is itself empty ("if you need anything else"): "Let me know if the build
 * fails on ARM" is a request, not a sign-off, and is kept; "Thanks for fixing the
 * login bug" thanks for a deed and is kept too.
 */
const END = String.raw`[\s.!?…,:;)]*$`;
const QUESTIONS = String.raw`(?:any )?(?:other |more |further |follow-up |additional )?questions?`;
const MORE_HELP = String.raw`(?:anything else|any(?:thing)? (?:more|further|else)|more (?:help|details|information|info)|further (?:help|assistance|clarification|details)|(?:any )?(?:more |further )?clarification)(?: (?:i|we) can (?:help(?: you)? with|do(?: for you)?))?`;

/** What a courtesy "thanks for …" thanks someone for when it says nothing else: the contact itself, not a deed with content. */
const THANKED = String.raw`(?:(?:your|the|this|that) (?:quick |kind |detailed |prompt |fast )?(?:message|note|email|mail|ping|question|request|reply|response|answer|update|context|details|info|information|heads[- ]?up|patience|time|help|follow[- ]?up|reminder|invite|invitation|clarification|explanation|summary|pr|patch|review|fix|report|feedback|link|input|support|understanding|interest|thoughts)|asking|reaching out|getting in touch|getting back(?: to (?:me|us))?|checking in|following up|looping me in|including me|bringing (?:this|that|it) up|raising (?:this|that|it)|flagging (?:this|that|it)|letting (?:me|us) know|sharing(?: (?:this|that))?|waiting|your patience|the context|the details|having me)`;
/** Offers of more help: what a closing offers, and the conditions it offers it on. */
const OFFERED = String.raw`(?:(?:more|further|additional|extra|other) (?:help|details?|detail|information|info|context|clarification|questions?|assistance)|anything (?:else|more|further)|something else|(?:any )?clarification|help with anything else|a hand)`;
const NEED = String.raw`(?:if (?:you (?:need|want|would like|'d like|require|have)|there(?:'s| is| are)) (?:any )?${OFFERED}(?: (?:on|about|with) (?:this|that|any of this|it))?|if (?:anything|something|any of (?:this|that|it)) (?:is|seems|was|looks) (?:missing|unclear|confusing|off|wrong|incomplete)|if (?:needed|necessary|you need|you want|you like|helpful|useful)|if you have ${QUESTIONS}|anytime|any time)`;
/** A reply's closing: a way to get in touch, offered on a condition that says nothing about the task. */
const CONTACT = String.raw`(?:(?:please |just )?(?:let me know|tell me|say the word|give me a shout|shout|ping me|reach out|drop me a (?:line|note|message)|get in touch|get back to me|ask(?: away)?|holler)|(?:please )?(?:feel free to|don'?t hesitate to|do not hesitate to) (?:ask|reach out|let me know|get in touch|ping me|contact (?:me|us)|follow up|ask me))`;
const HAPPY = String.raw`(?:(?:i'?d|i would|i'?m|i am|we'?d|we would|we'?re|we are|always|just) )?(?:be )?(?:very |more than |always |also )?(?:happy|glad|delighted|here) to (?:help|clarify|elaborate|explain|expand|assist|dig (?:deeper|further|in)|go into (?:more )?detail|answer (?:any )?(?:other |more |further |follow-up )?questions?|share more|provide more|look into (?:it|this|that) further)(?: (?:further|more))?(?: (?:(?:on|with|about) )?(?:any of )?(?:this|that|it|them|anything|things))?(?: (?:further|more))?`;

/** Affirmations are courtesy only as the opener; later in a message "Of course." may be the answer to a question. */
const OPENER_FORMULAS = [
  String.raw`(?:sure|sure thing|certainly|of course|absolutely|definitely|gladly|with pleasure|okay|ok|alright|all right|great|perfect|got it|understood|noted|will do|on it|sounds good|makes sense|you bet|roger(?: that)?|copy that|right away|no problem at all|(?:ok|okay),? got it)`,
  // "I can help with that." answers "Can you help?" anywhere but at the very start of a reply.
  String.raw`(?:i|we) (?:can|could) (?:certainly |definitely |gladly )?(?:help|assist)(?: you)?(?: (?:out|with (?:that|this|it|your (?:question|request))))?|(?:i|we) (?:can|could) (?:certainly |definitely )?do that`,
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
  String.raw`(?:thanks|thank you|many thanks)(?: so much| very much| a lot| again)? for ${THANKED}`,
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
  String.raw`${CONTACT} ${NEED}`,
  // Only the open-ended invitations stand alone: a bare "Let me know." after a question asks for the answer.
  String.raw`(?:please )?(?:feel free to|don'?t hesitate to|do not hesitate to) (?:ask|reach out|get in touch|ping me|contact (?:me|us)|follow up)|ask away`,
  String.raw`${HAPPY}(?: ${NEED})?`,
  String.raw`(?:i |we )?hope (?:this|that|it|the above|this information|this info)(?: (?:is|was|will be|proves))? (?:useful|helpful|of (?:some )?(?:help|use)|clear|enough|what you (?:needed|were looking for))`,
  String.raw`(?:i |we )?hope you find (?:this|that|it) (?:useful|helpful)`,
  String.raw`(?:talk|speak|chat) (?:soon|later)|take care|looking forward to (?:hearing from you|your reply|your thoughts)|until next time|see you|bye(?: for now)?|best wishes|warmly|with thanks`,
  String.raw`(?:(?:i'?m|i am) )?(?:always )?(?:around|available) (?:if|whenever) you need (?:anything|me|more help)`,
];

const FORMULA = `(?:${FORMULAS.join('|')})`;
// Chat replies chain formulas in one sentence: "Great question, and thanks for asking." is courtesy twice over.
const WHOLE = new RegExp(`^(?:and |so |oh,? )?${FORMULA}(?:(?:[,;!.]|\\s[—–-])\\s*(?:and |but also )?${FORMULA})*${END}`.replace(/'/g, "['’]"), 'i');
const OPENER = new RegExp(`^(?:${OPENER_FORMULAS.join('|')})${END}`.replace(/'/g, "['’]"), 'i');
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
