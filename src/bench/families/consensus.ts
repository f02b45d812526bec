import { z } from 'zod';
import { createRng, type Rng } from '../rng.js';
import { assertSeedInSplit, type Split } from '../splits.js';
import { FEATURES, VENUE_KINDS, VOCABULARY, WEEKDAYS } from '../vocabulary.js';
import { InstanceBase, answerOf, normaliseAnswer, type Family, type Turn } from '../family.js';
import { segmentText } from '../../../runtime/text/segment.js';
import { listOr } from '../template.js';
import { askOf, neededStatement, padMessage, readerFor } from '../chatty.js';
import { constraintTemplates, fillers, parseSaid, preferenceTemplates, softTemplates, topicText, type Said } from './consensus-language.js';

/**
 * consensus: 3–6 members each hold private hard constraints and soft
 * preferences about a venue; the facilitator must pick one that satisfies every
 * constraint. Exactly one option in the public catalogue does, by construction,
 * and the preferences mostly point elsewhere, so a missed constraint shows.
 */
export const MAX_MEMBERS = 6;
export const memberName = (index: number): string => `member${index + 1}`;
export const FACILITATOR = 'facilitator';
export const FACILITATOR_ROLE = 'Choose the one venue that satisfies every hard constraint the members stated.';

const Venue = z.object({
  name: z.string(),
  city: z.string(),
  day: z.enum(WEEKDAYS),
  price: z.number().int().positive(),
  capacity: z.number().int().positive(),
  features: z.array(z.enum(FEATURES)),
});
type Venue = z.infer<typeof Venue>;

const Constraint = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('day'), allowed: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('city'), allowed: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('price'), limit: z.number().int().positive() }),
  z.object({ kind: z.literal('capacity'), limit: z.number().int().positive() }),
  z.object({ kind: z.literal('feature'), feature: z.string() }),
]);
type Constraint = z.infer<typeof Constraint>;

export const ConsensusInstance = InstanceBase.extend({
  family: z.literal('consensus'),
  topic: z.string(),
  /** The public catalogue every agent may read. */
  options: z.array(Venue).min(4),
  members: z
    .array(
      z.object({
        agent: z.string(),
        sentences: z.array(z.string()).min(1),
        /** The member's hard constraints, structured, for scoring; its sentences state them. */
        constraints: z.array(Constraint).min(1),
        /** The sentences that state those constraints. */
        constraintSentences: z.array(z.string()).min(1),
      }),
    )
    .min(3)
    .max(MAX_MEMBERS),
  answer: z.string(),
});
export type ConsensusInstance = z.infer<typeof ConsensusInstance>;

function satisfies(venue: Venue, c: Constraint | Exclude<Said, { kind: 'preference' }>): boolean {
  switch (c.kind) {
    case 'day':
      return c.allowed.includes(venue.day);
    case 'city':
      return c.allowed.includes(venue.city);
    case 'price':
      return venue.price <= c.limit;
    case 'capacity':
      return venue.capacity >= c.limit;
    case 'feature':
      return (venue.features as string[]).includes(c.feature);
  }
}

function makeVenue(rng: Rng, name: string, cities: readonly string[]): Venue {
  return {
    name,
    city: rng.pick(cities),
    day: rng.pick(WEEKDAYS),
    price: rng.int(8, 32) * 5,
    capacity: rng.int(2, 16) * 5,
    features: FEATURES.filter(() => rng.chance(0.5)),
  };
}

/** A constraint the target meets and `other` does not, or undefined when none of the kinds separates them. */
function separating(rng: Rng, target: Venue, other: Venue, cities: readonly string[]): Constraint | undefined {
  const options: Constraint[] = [];
  if (other.day !== target.day) {
    const extra = rng.sample(WEEKDAYS.filter((d) => d !== target.day && d !== other.day), rng.int(0, 2));
    options.push({ kind: 'day', allowed: WEEKDAYS.filter((d) => d === target.day || extra.includes(d)) });
  }
  if (other.city !== target.city) {
    const extra = rng.sample(cities.filter((c) => c !== target.city && c !== other.city), rng.int(0, 1));
    options.push({ kind: 'city', allowed: cities.filter((c) => c === target.city || extra.includes(c)) });
  }
  if (other.price > target.price) options.push({ kind: 'price', limit: rng.int(target.price / 5, other.price / 5 - 1) * 5 });
  if (other.capacity < target.capacity) options.push({ kind: 'capacity', limit: rng.int(other.capacity / 5 + 1, target.capacity / 5) * 5 });
  const missing = target.features.filter((f) => !other.features.includes(f));
  if (missing.length > 0) options.push({ kind: 'feature', feature: rng.pick(missing) });
  return options.length > 0 ? rng.pick(options) : undefined;
}

/** A constraint the target meets, for members who would otherwise have none. */
function lenient(rng: Rng, target: Venue): Constraint {
  return rng.chance(0.5)
    ? { kind: 'price', limit: target.price + rng.int(0, 4) * 5 }
    : { kind: 'capacity', limit: Math.max(5, target.capacity - rng.int(0, 3) * 5) };
}

function render(rng: Rng, split: Split, c: Constraint): string {
  const x = c.kind === 'day' || c.kind === 'city' ? listOr(c.allowed) : c.kind === 'feature' ? c.feature : String(c.limit);
  return rng.pick(constraintTemplates(split, c.kind)).render({ x });
}

function generate(seed: number, split: Split): ConsensusInstance {
  assertSeedInSplit(seed, split);
  const rng = createRng(seed, 3);
  const vocab = VOCABULARY[split];
  const cities = rng.sample(vocab.cities, rng.int(3, 4));
  const names = rng.sample(vocab.heads, rng.int(5, 8)).map((h) => `the ${h} ${rng.pick(VENUE_KINDS)}`);
  const target = makeVenue(rng, names[0] as string, cities);
  const others = names.slice(1).map((n) => makeVenue(rng, n, cities));

  // Add constraints that the target meets until no other venue meets them all.
  const constraints: Constraint[] = [];
  for (let survivors = others; survivors.length > 0; survivors = others.filter((o) => constraints.every((c) => satisfies(o, c)))) {
    const other = rng.pick(survivors);
    const c = separating(rng, target, other, cities);
    if (c) constraints.push(c);
    else other.day = rng.pick(WEEKDAYS.filter((d) => d !== target.day));
  }

  const memberCount = rng.int(3, MAX_MEMBERS);
  const owned: Constraint[][] = Array.from({ length: memberCount }, () => []);
  rng.shuffle(constraints).forEach((c, i) => owned[i < memberCount ? i : rng.int(0, memberCount - 1)]?.push(c));
  for (const list of owned) if (list.length === 0) list.push(lenient(rng, target));

  const wrong = others.map((o) => o.name);
  const members = owned.map((list, index) => {
    const constraintSentences = list.map((c) => render(rng, split, c));
    const preferences = Array.from({ length: rng.int(1, 3) }, () =>
      rng.pick(preferenceTemplates(split)).render({ x: rng.chance(0.8) ? rng.pick(wrong) : target.name }),
    );
    const wishes = Array.from({ length: rng.int(1, 2) }, () =>
      rng.chance(0.5)
        ? rng.pick(softTemplates(split, 'day')).render({ x: rng.pick(WEEKDAYS) })
        : rng.pick(softTemplates(split, 'feature')).render({ x: rng.pick(FEATURES) }),
    );
    const small = rng.sample(fillers(split), rng.int(0, 2));
    return {
      agent: memberName(index),
      sentences: rng.shuffle([...constraintSentences, ...preferences, ...wishes, ...small]),
      constraints: list,
      constraintSentences,
    };
  });

  return ConsensusInstance.parse({
    family: 'consensus',
    split,
    seed,
    id: `consensus-${split}-${seed}`,
    decider: FACILITATOR,
    topic: topicText(split),
    options: rng.shuffle([target, ...others]),
    members,
    answer: target.name,
  });
}

/** The facilitator keeps the venues that meet every constraint it read, then takes the most preferred, then the first. */
function choose(instance: ConsensusInstance, inbox: readonly string[]): string {
  const { options } = instance;
  const read = readerFor(instance.style);
  const said = inbox.flatMap(segmentText).flatMap((s) => parseSaid(read(s)) ?? []);
  const hard = said.filter((s): s is Exclude<Said, { kind: 'preference' }> => s.kind !== 'preference');
  const votes = new Map<string, number>();
  for (const s of said) if (s.kind === 'preference') votes.set(normaliseAnswer(s.venue), (votes.get(normaliseAnswer(s.venue)) ?? 0) + 1);
  const feasible = options.filter((o) => hard.every((c) => satisfies(o, c)));
  const pool = feasible.length > 0 ? feasible : options;
  let best = pool[0] as Venue;
  for (const o of pool) if ((votes.get(normaliseAnswer(o.name)) ?? 0) > (votes.get(normaliseAnswer(best.name)) ?? 0)) best = o;
  return best.name;
}

/** A member's sentences as it writes them: as they are, or with chat padding; its own needs get framings, never doubt. */
function memberMessage(instance: ConsensusInstance, index: number): readonly string[] {
  const { sentences, constraintSentences } = instance.members[index]!;
  if (instance.style !== 'chatty') return sentences;
  return padMessage({
    family: 'consensus',
    split: instance.split,
    seed: instance.seed,
    sender: index,
    sentences,
    wrappable: (sentence) => parseSaid(sentence) !== undefined,
    recappable: (sentence) => constraintSentences.includes(sentence),
    hedges: 'framing',
    ask: askOf(instance.topic),
  });
}

function turns(instance: ConsensusInstance): Turn[] {
  return [...instance.members.map((m) => ({ agent: m.agent, to: [FACILITATOR] })), { agent: FACILITATOR, to: [] }];
}

export const consensus: Family<ConsensusInstance> = {
  name: 'consensus',
  schema: ConsensusInstance,
  generate,
  turns,
  act(instance, agent, inbox) {
    if (agent === FACILITATOR) {
      const name = choose(instance, inbox);
      return { text: `We will go to ${name}.`, output: { answer: name } };
    }
    const index = instance.members.findIndex((m) => m.agent === agent);
    const member = instance.members[index];
    if (!member) throw new Error(`agent ${agent} has no part in task ${instance.id}`);
    return { text: memberMessage(instance, index).join(' '), output: { last: index === instance.members.length - 1 } };
  },
  query: (instance, agent) => (agent === FACILITATOR ? `${FACILITATOR_ROLE} ${instance.topic}` : undefined),
  needs(instance, receiver, sentence) {
    const statement = neededStatement(instance.style, sentence);
    return receiver === FACILITATOR && statement !== undefined && instance.members.some((m) => m.constraintSentences.includes(statement));
  },
  score(instance, output) {
    const given = answerOf(output);
    if (given === undefined) return false;
    const venue = instance.options.find((o) => normaliseAnswer(o.name) === normaliseAnswer(given));
    return venue !== undefined && instance.members.every((m) => m.constraints.every((c) => satisfies(venue, c)));
  },
};
