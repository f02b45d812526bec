import { z } from 'zod';
import { createRng } from '../rng.js';
import { assertSeedInSplit, type Split } from '../splits.js';
import { HOTEL_KINDS, VOCABULARY } from '../vocabulary.js';
import { InstanceBase, answerOf, normaliseAnswer, type Family, type Turn } from '../family.js';
import { segmentText } from '../../../runtime/text/segment.js';
import { askOf, neededStatement, padMessage, readerFor } from '../chatty.js';
import {
  ATTRIBUTES,
  correctionOf,
  factTemplates,
  fillers,
  parseStatement,
  requestText,
  type Attribute,
} from './relay-language.js';

/**
 * relay: travel details pass along a chain relay1 → … → relay4 → assembler.
 * Each relay forwards the facts it could read, drops those about trips it knows
 * are cancelled, and adds its own, some of which correct earlier values. The
 * assembler must report every requested detail of one trip, exactly.
 */
export const RELAYS = 4;
export const relayName = (index: number): string => `relay${index + 1}`;
export const ASSEMBLER = 'assembler';
export const RELAY_ROLE = 'Forward to the next agent every detail the assembler will need.';
export const ASSEMBLER_ROLE = 'Report the requested details of the trip exactly.';

const Statement = z.object({
  sentence: z.string(),
  trip: z.string(),
  attribute: z.enum(ATTRIBUTES),
  value: z.string(),
  correction: z.boolean(),
});
type Statement = z.infer<typeof Statement>;

export const RelayInstance = InstanceBase.extend({
  family: z.literal('relay'),
  trip: z.string(),
  request: z.string(),
  required: z.array(z.enum(ATTRIBUTES)).min(3),
  relays: z
    .array(
      z.object({
        agent: z.string(),
        /** What this relay adds, in the order it says it. */
        own: z.array(Statement).min(2),
        /** Trips this relay knows are cancelled: it drops facts about them. */
        cancelled: z.array(z.string()),
        filler: z.string().optional(),
      }),
    )
    .length(RELAYS),
  answer: z.record(z.string(), z.string()),
});
export type RelayInstance = z.infer<typeof RelayInstance>;

function valueFor(rng: ReturnType<typeof createRng>, split: Split, attribute: Attribute): string {
  const vocab = VOCABULARY[split];
  switch (attribute) {
    case 'gate':
      return `${rng.pick(vocab.gateLetters)}${rng.int(1, 40)}`;
    case 'hotel':
      return `the ${rng.pick(vocab.birds)} ${rng.pick(HOTEL_KINDS)}`;
    case 'room':
      return `the ${rng.pick(vocab.heads)} Room`;
    case 'contact':
      return rng.pick(vocab.people);
    case 'time':
      return `${rng.int(6, 21)}:${String(rng.int(0, 11) * 5).padStart(2, '0')}`;
  }
}

function generate(seed: number, split: Split): RelayInstance {
  assertSeedInSplit(seed, split);
  const rng = createRng(seed, 2);
  const trips = rng.sample(VOCABULARY[split].trips, rng.int(3, 5));
  const trip = trips[0] as string;
  const required = ATTRIBUTES.filter((a) => rng.chance(0.7));
  while (required.length < 3) {
    const extra = rng.pick(ATTRIBUTES.filter((a) => !required.includes(a)));
    required.push(extra);
  }
  required.sort((a, b) => ATTRIBUTES.indexOf(a) - ATTRIBUTES.indexOf(b));

  const say = (t: string, attribute: Attribute, value: string, correction = false): Statement => {
    const plain = rng.pick(factTemplates(split, attribute)).render({ t, v: value });
    return { sentence: correction ? correctionOf(split, plain) : plain, trip: t, attribute, value, correction };
  };
  const facts: Statement[] = ATTRIBUTES.map((a) => say(trip, a, valueFor(rng, split, a)));
  for (const other of trips.slice(1)) {
    for (const a of rng.sample(ATTRIBUTES, rng.int(2, ATTRIBUTES.length))) facts.push(say(other, a, valueFor(rng, split, a)));
  }

  // Every relay says at least two things; the rest are dealt at random.
  const own: Statement[][] = Array.from({ length: RELAYS }, () => []);
  rng.shuffle(facts).forEach((fact, i) => own[i < 2 * RELAYS ? i % RELAYS : rng.int(0, RELAYS - 1)]?.push(fact));

  // Half the tasks correct one requested value later in the chain.
  const answer: Record<string, string> = {};
  for (const a of required) answer[a] = facts.find((f) => f.trip === trip && f.attribute === a)?.value as string;
  if (rng.chance(0.5)) {
    const attribute = rng.pick(required);
    const firstBy = own.findIndex((list) => list.some((f) => f.trip === trip && f.attribute === attribute));
    if (firstBy < RELAYS - 1) {
      let value = valueFor(rng, split, attribute);
      while (value === answer[attribute]) value = valueFor(rng, split, attribute);
      own[rng.int(firstBy + 1, RELAYS - 1)]?.push(say(trip, attribute, value, true));
      answer[attribute] = value;
    }
  }

  const cancelled = rng.pick(trips.slice(1));
  const cancelledBy = rng.int(1, RELAYS - 1);
  const relays = own.map((list, index) => ({
    agent: relayName(index),
    own: list,
    cancelled: index === cancelledBy ? [cancelled] : [],
    ...(rng.chance(0.4) ? { filler: rng.pick(fillers(split)) } : {}),
  }));

  return RelayInstance.parse({
    family: 'relay',
    split,
    seed,
    id: `relay-${split}-${seed}`,
    decider: ASSEMBLER,
    trip,
    request: requestText(split, trip, required),
    required,
    relays,
    answer,
  });
}

/**
 * A relay forwards, verbatim, every statement it could read, except those about cancelled trips, then adds its own.
 * A chatty relay forwards the statements without their senders' padding, once each, and pads its own message.
 */
function relayMessage(instance: RelayInstance, index: number, inbox: readonly string[]): string {
  const relay = instance.relays[index]!;
  const forwarded = inbox
    .flatMap(segmentText)
    .map(readerFor(instance.style))
    .filter((sentence) => {
      const statement = parseStatement(sentence);
      return statement !== undefined && !relay.cancelled.includes(statement.trip);
    });
  const filler = relay.filler ? [relay.filler] : [];
  const own = relay.own.map((s) => s.sentence);
  if (instance.style !== 'chatty') return [...filler, ...forwarded, ...own].join(' ');
  const plainOwn = new Set(relay.own.filter((s) => !s.correction).map((s) => s.sentence));
  return padMessage({
    family: 'relay',
    split: instance.split,
    seed: instance.seed,
    sender: index,
    sentences: [...filler, ...new Set(forwarded), ...own],
    wrappable: (sentence) => plainOwn.has(sentence),
    recappable: (sentence) => plainOwn.has(sentence),
    hedges: 'epistemic',
    ask: askOf(instance.request),
  }).join(' ');
}

/** The assembler keeps, per requested detail, the latest correction, otherwise the latest plain statement. */
function assemble(instance: RelayInstance, inbox: readonly string[]): Record<string, string> {
  const plain = new Map<Attribute, string>();
  const corrected = new Map<Attribute, string>();
  const read = readerFor(instance.style);
  for (const sentence of inbox.flatMap(segmentText)) {
    const s = parseStatement(read(sentence));
    if (!s || s.trip !== instance.trip) continue;
    (s.correction ? corrected : plain).set(s.attribute, s.value);
  }
  const values: Record<string, string> = {};
  for (const a of instance.required) values[a] = corrected.get(a) ?? plain.get(a) ?? 'unknown';
  return values;
}

export function formatAnswer(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
}

function parseAnswer(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(';')) {
    const at = part.indexOf(':');
    if (at > 0) out.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return out;
}

/** The statements that hold for a receiver's turn: per requested detail, the latest said by a relay before it. */
function currentStatements(instance: RelayInstance, before: number): Set<string> {
  const latest = new Map<Attribute, Statement>();
  for (const relay of instance.relays.slice(0, before)) {
    for (const s of relay.own) {
      if (s.trip !== instance.trip || !instance.required.includes(s.attribute)) continue;
      const held = latest.get(s.attribute);
      if (!held || s.correction || !held.correction) latest.set(s.attribute, s);
    }
  }
  return new Set([...latest.values()].map((s) => s.sentence));
}

function receiverIndex(agent: string): number {
  if (agent === ASSEMBLER) return RELAYS;
  const match = /^relay(\d+)$/.exec(agent);
  return match ? Number(match[1]) - 1 : -1;
}

function turns(): Turn[] {
  return [
    ...Array.from({ length: RELAYS }, (_, i) => ({ agent: relayName(i), to: [i === RELAYS - 1 ? ASSEMBLER : relayName(i + 1)] })),
    { agent: ASSEMBLER, to: [] },
  ];
}

export const relay: Family<RelayInstance> = {
  name: 'relay',
  schema: RelayInstance,
  generate,
  turns,
  act(instance, agent, inbox) {
    if (agent === ASSEMBLER) {
      const values = assemble(instance, inbox);
      return { text: formatAnswer(values), output: { answer: formatAnswer(values) } };
    }
    const index = receiverIndex(agent);
    if (!instance.relays[index]) throw new Error(`agent ${agent} has no part in task ${instance.id}`);
    return { text: relayMessage(instance, index, inbox), output: {} };
  },
  query(instance, agent) {
    const index = receiverIndex(agent);
    if (index <= 0) return undefined;
    return `${agent === ASSEMBLER ? ASSEMBLER_ROLE : RELAY_ROLE} ${instance.request}`;
  },
  needs(instance, receiver, sentence) {
    const index = receiverIndex(receiver);
    const statement = neededStatement(instance.style, sentence);
    return index > 0 && statement !== undefined && currentStatements(instance, index).has(statement);
  },
  score(instance, output) {
    const given = answerOf(output);
    if (given === undefined) return false;
    const values = parseAnswer(given);
    return instance.required.every((a) => normaliseAnswer(values.get(a) ?? '') === normaliseAnswer(instance.answer[a] as string));
  },
};
