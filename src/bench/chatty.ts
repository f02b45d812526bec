import { createRng, type Rng } from './rng.js';
import type { Split } from './splits.js';
import { capitalise, compiledTemplate, type Template } from './template.js';
import { VOCABULARY, WEEKDAYS } from './vocabulary.js';
import { FamilyName, type MessageStyle } from './family.js';

/**
 * The `chatty` message style: senders write the way chat LLM agents do, with
 * greetings, acknowledgements, a restatement of what they were asked, hedged or
 * connected statements, filler between them, a recap that repeats one statement
 * and an offer of more help. The statements themselves are the plain style's,
 * word for word, so a reader that skips the padding solves the task as before.
 * The phrases were written from general knowledge of LLM chat style, one
 * disjoint set per split like the rest of coordbench's language.
 */

interface Phrases {
  greetings: readonly string[];
  acknowledgements: readonly string[];
  /** Restatements of the sender's task; slot {ask}: what it was asked, as a clause after "to". */
  restatements: readonly string[];
  /** Restatements for senders with no stated request. */
  genericRestatements: readonly string[];
  /** Epistemic hedges, for reports about the world; slot {s}: the statement without its full stop. */
  hedges: readonly string[];
  /** Politeness and emphasis around a statement; suit any statement, one's own needs included. */
  framings: readonly string[];
  /** Connective filler that opens a statement other than the first. */
  connectives: readonly string[];
  /** Sentences between statements that carry nothing. */
  transitions: readonly string[];
  /** Openings of a closing recap that repeats a statement already made. */
  recaps: readonly string[];
  closings: readonly string[];
  signOffs: readonly string[];
}

const PHRASES: Record<Split, Phrases> = {
  train: {
    greetings: ['Hi there!', 'Hello!', 'Hi team!'],
    acknowledgements: [
      'Thanks for reaching out.',
      'Sure, happy to help with this!',
      'Great question, and thanks for asking.',
      'Of course, I would be glad to help.',
    ],
    restatements: ['You asked me to {ask}.', 'If I understand correctly, the goal is to {ask}.'],
    genericRestatements: ['You asked me to share what I know about this.', 'I understand you need the facts I have on hand.'],
    hedges: ['I believe {s}.', 'As far as I can tell, {s}.', '{s}, if I am not mistaken.'],
    framings: ['Just to note, {s}.', 'For what it is worth, {s}.'],
    connectives: ['Also, {s}.', 'On top of that, {s}.'],
    transitions: ['Here is another thing worth knowing.', 'Moving on to the next point.'],
    recaps: ['To sum up, {s}.', 'In short, {s}.'],
    closings: [
      'Let me know if you need anything else!',
      'Feel free to reach out if you have any questions.',
      'Happy to clarify any of this if needed.',
    ],
    signOffs: ['Best regards!', 'Cheers!'],
  },
  validation: {
    greetings: ['Hey!', 'Good morning!', 'Hello everyone!'],
    acknowledgements: [
      'Thank you for the message.',
      'Absolutely, I can help with that.',
      'Thanks for looping me in.',
      'Certainly, here is what I can share.',
    ],
    restatements: ['So the task here is to {ask}.', 'My understanding is that we need to {ask}.'],
    genericRestatements: ['So you would like me to pass on my information.', 'As requested, I am sharing the details I hold.'],
    hedges: ['I think {s}.', 'If I remember correctly, {s}.', '{s}, as far as I know.'],
    framings: ['One thing to flag: {s}.', 'Please keep in mind that {s}.'],
    connectives: ['In addition, {s}.', 'Beyond that, {s}.'],
    transitions: ['There is one more detail I should mention.', 'Let me add something else.'],
    recaps: ['To recap, {s}.', 'So, in summary, {s}.'],
    closings: [
      'Do not hesitate to ask if something is missing.',
      'I hope that is useful, and tell me if you want more detail.',
      'Just say the word if you need further information.',
    ],
    signOffs: ['All the best!', 'Thanks again!'],
  },
  test: {
    greetings: ['Hi all!', 'Greetings!', 'Hey there!'],
    acknowledgements: [
      'Thanks so much for getting in touch.',
      'Happy to assist with this!',
      'Good question, thanks for raising it.',
      'No problem at all, I am on it.',
    ],
    restatements: ['As I read it, the request is to {ask}.', 'Just to restate the task, we want to {ask}.'],
    genericRestatements: ['If I have this right, you want all the details I have.', 'You wanted me to send over what I know, so here goes.'],
    hedges: ['From what I recall, {s}.', 'To the best of my knowledge, {s}.', '{s}, unless I am misremembering.'],
    framings: ['It is worth noting that {s}.', 'Just so you know, {s}.'],
    connectives: ['Furthermore, {s}.', 'Besides that, {s}.'],
    transitions: ['Another point that might be useful follows.', 'Next, a further detail.'],
    recaps: ['To summarise, {s}.', 'Bottom line: {s}.'],
    closings: [
      'If there is anything else I can do, just ask.',
      'Glad to dig deeper on any of these points.',
      'Reach out anytime if more questions come up.',
    ],
    signOffs: ['Kind regards!', 'Take care!'],
  },
};

/** How often each kind of padding appears: a judgement of typical chat-LLM replies, not fitted to any compressor. */
const RATES = {
  greeting: 0.5,
  restatement: 0.5,
  wrap: 0.4,
  /** Of wrapped statements after the first, the share opened by a connective rather than a hedge. */
  connective: 0.35,
  transition: 0.12,
  recap: 0.4,
  closing: 0.9,
  signOff: 0.3,
};

/** The rng streams of chatty padding, apart from the families' streams (1–3) so plain content is untouched. */
const PADDING_STREAM = 100;
const STREAMS_PER_FAMILY = 100;

export interface PaddingRequest {
  family: FamilyName;
  split: Split;
  seed: number;
  /** The sender's position among the task's senders: each sender pads in its own way. */
  sender: number;
  /** The plain message, sentence by sentence. */
  sentences: readonly string[];
  /** Whether a sentence is a statement that a hedge, framing or connective may wrap. */
  wrappable(sentence: string): boolean;
  /** Whether a closing recap may repeat the sentence. */
  recappable(sentence: string): boolean;
  /** Epistemic hedges suit reports about the world; a member's own needs get framings only. */
  hedges: 'epistemic' | 'framing';
  /** What the sender was asked, as a clause after "to" ("collect the hotel of the Vega trip"); generic restatement without it. */
  ask?: string;
}

/** The chatty message: the plain sentences in order, some wrapped, with padding around and between them. */
export function padMessage(request: PaddingRequest): string[] {
  const family = FamilyName.options.indexOf(request.family);
  const rng = createRng(request.seed, PADDING_STREAM + family * STREAMS_PER_FAMILY + request.sender);
  const phrases = PHRASES[request.split];
  const out: string[] = [];
  if (rng.chance(RATES.greeting)) out.push(rng.pick(phrases.greetings));
  out.push(rng.pick(phrases.acknowledgements));
  if (rng.chance(RATES.restatement)) out.push(restatement(rng, phrases, request.ask));

  const hedges = request.hedges === 'epistemic' ? [...phrases.hedges, ...phrases.framings] : phrases.framings;
  const recappable: string[] = [];
  request.sentences.forEach((sentence, index) => {
    if (index > 0 && rng.chance(RATES.transition)) out.push(rng.pick(phrases.transitions));
    if (request.recappable(sentence)) recappable.push(sentence);
    if (!request.wrappable(sentence) || !rng.chance(RATES.wrap)) {
      out.push(sentence);
      return;
    }
    const kind = index > 0 && rng.chance(RATES.connective) ? phrases.connectives : hedges;
    out.push(wrap(rng.pick(kind), sentence));
  });

  if (recappable.length > 0 && rng.chance(RATES.recap)) out.push(wrap(rng.pick(phrases.recaps), rng.pick(recappable)));
  if (rng.chance(RATES.closing)) out.push(rng.pick(phrases.closings));
  if (rng.chance(RATES.signOff)) out.push(rng.pick(phrases.signOffs));
  return out;
}

function restatement(rng: Rng, phrases: Phrases, ask: string | undefined): string {
  if (ask === undefined) return rng.pick(phrases.genericRestatements);
  return compiledTemplate(rng.pick(phrases.restatements)).render({ ask });
}

/** A request or topic sentence as the clause a restatement needs: "Collect the X." → "collect the X". */
export function askOf(sentence: string): string {
  return lowerFirstWord(sentence.trim().replace(/[.!?]$/, ''));
}

/** Words that keep their capital inside a sentence: every name coordbench can generate, weekdays, and "I". */
const PROPER = new Set<string>([
  'I',
  ...WEEKDAYS,
  ...Object.values(VOCABULARY).flatMap((v) => [...v.people, ...v.heads, ...v.cities, ...v.countries, ...v.trips, ...v.birds]),
]);

function lowerFirstWord(text: string): string {
  const first = /^[\p{L}\p{N}]+/u.exec(text)?.[0] ?? '';
  return PROPER.has(first) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

/** A statement inside a wrapper; a statement that opens the wrapper keeps its capital. */
function wrap(pattern: string, sentence: string): string {
  const body = sentence.replace(/\.$/, '');
  return compiledTemplate(pattern).render({ s: pattern.startsWith('{s}') ? body : lowerFirstWord(body) });
}

// Readers understand the padding of every split, as they do every split's statements.
const SPLIT_NAMES = Object.keys(PHRASES) as Split[];
const WRAPPERS: Template[] = SPLIT_NAMES.flatMap((split) => {
  const p = PHRASES[split];
  return [...p.hedges, ...p.framings, ...p.connectives, ...p.recaps];
}).map(compiledTemplate);
const RECAPS: Template[] = SPLIT_NAMES.flatMap((split) => PHRASES[split].recaps).map(compiledTemplate);
const RESTATEMENTS: Template[] = SPLIT_NAMES.flatMap((split) => PHRASES[split].restatements).map(compiledTemplate);
const WHOLE_PADDING = new Set<string>(
  SPLIT_NAMES.flatMap((split) => {
    const p = PHRASES[split];
    return [...p.greetings, ...p.acknowledgements, ...p.genericRestatements, ...p.transitions, ...p.closings, ...p.signOffs];
  }),
);

/**
 * The statement a chatty sentence carries, without its hedge, framing, connective
 * or recap opening, as the plain style writes it; other sentences come back as
 * they are. Like a person, the reader takes no notice of stray punctuation at the
 * front or a lower-case first letter (what a compressor that cut a wrapper leaves).
 */
export function unwrapStatement(sentence: string): string {
  let text = sentence.trim();
  for (let depth = 0; depth < 3; depth++) {
    const body = WRAPPERS.map((t) => t.parse(text)?.s).find((s) => s !== undefined);
    if (body === undefined) break;
    text = `${body}.`;
  }
  return capitalise(text.replace(/^[\s,;:–—-]+/, ''));
}

/** Whether a sentence is padding only: greeting, acknowledgement, restatement, transition, recap, closing or sign-off. */
export function isPadding(sentence: string): boolean {
  const text = sentence.trim();
  return WHOLE_PADDING.has(text) || RESTATEMENTS.some((t) => t.parse(text)) || isRecap(text);
}

/** A recap repeats a statement its sender already made, so the receiver never needs it. */
export function isRecap(sentence: string): boolean {
  return RECAPS.some((t) => t.parse(sentence.trim()) !== undefined);
}

/** How a reader of a given style sees a delivered sentence: chatty readers read through the padding. */
export function readerFor(style: MessageStyle | undefined): (sentence: string) => string {
  return style === 'chatty' ? unwrapStatement : (sentence) => sentence;
}

/**
 * The statement of a delivered sentence that a receiver might need: the sentence
 * itself in plain style; in chatty style its unwrapped statement, or nothing
 * for recaps, which only repeat.
 */
export function neededStatement(style: MessageStyle | undefined, sentence: string): string | undefined {
  if (style !== 'chatty') return sentence;
  return isRecap(sentence) ? undefined : unwrapStatement(sentence);
}

/** For tests: every padding phrase of a split. */
export function splitPhrasings(split: Split): string[] {
  return Object.values(PHRASES[split]).flat();
}
