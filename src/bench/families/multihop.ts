import { z } from 'zod';
import { createRng, type Rng } from '../rng.js';
import { assertSeedInSplit, type Split } from '../splits.js';
import { ORG_KINDS, VOCABULARY } from '../vocabulary.js';
import { InstanceBase, answerOf, normaliseAnswer, type Family, type Turn } from '../family.js';
import { segmentText } from '../../../runtime/text/segment.js';
import { neededStatement, padMessage, readerFor } from '../chatty.js';
import { CHAINS, RELATIONS, factTemplates, fillers, parseFact, questionText, type ChainKind, type Relation } from './multihop-language.js';

/**
 * multihop: facts are split across 3–8 holder agents, among many distractors;
 * the decider must chain 2–4 of them to answer one question
 * ("Mara works at the Harbor Lab." + "The Harbor Lab is in Tilden." → Tilden).
 */
export const MAX_HOLDERS = 8;
export const holderName = (index: number): string => `holder${index + 1}`;
export const DECIDER = 'decider';
export const DECIDER_ROLE = 'Answer the question by chaining the facts the holders sent.';

export const MultihopInstance = InstanceBase.extend({
  family: z.literal('multihop'),
  holders: z.array(z.object({ agent: z.string(), sentences: z.array(z.string()).min(1) })).min(3).max(MAX_HOLDERS),
  question: z.object({
    text: z.string(),
    subject: z.string(),
    chain: z.array(z.enum(RELATIONS)).min(2).max(4),
  }),
  answer: z.string(),
  /** The sentences of the facts on the answer's chain, in chain order. */
  chainSentences: z.array(z.string()),
});
export type MultihopInstance = z.infer<typeof MultihopInstance>;

interface World {
  worksAt: Map<string, string>;
  locatedIn: Map<string, string>;
  cityIn: Map<string, string>;
  mentoredBy: Map<string, string>;
}

function buildWorld(rng: Rng, split: Split): World {
  const vocab = VOCABULARY[split];
  const countries = rng.sample(vocab.countries, rng.int(2, 3));
  const cities = rng.sample(vocab.cities, rng.int(4, 6));
  const orgs = rng.sample(vocab.heads, rng.int(5, 8)).map((head) => `the ${head} ${rng.pick(ORG_KINDS)}`);
  const people = rng.sample(vocab.people, rng.int(9, 14));
  const world: World = { worksAt: new Map(), locatedIn: new Map(), cityIn: new Map(), mentoredBy: new Map() };
  for (const city of cities) world.cityIn.set(city, rng.pick(countries));
  for (const org of orgs) world.locatedIn.set(org, rng.pick(cities));
  for (const person of people) world.worksAt.set(person, rng.pick(orgs));
  for (const person of people) {
    if (rng.chance(0.6)) world.mentoredBy.set(person, rng.pick(people.filter((p) => p !== person)));
  }
  return world;
}

interface Fact {
  relation: Relation;
  a: string;
  b: string;
}

const key = (f: Fact): string => `${f.relation}|${f.a}|${f.b}`;

function allFacts(world: World): Fact[] {
  return RELATIONS.flatMap((relation) => [...world[relation]].map(([a, b]) => ({ relation, a, b })));
}

function generate(seed: number, split: Split): MultihopInstance {
  assertSeedInSplit(seed, split);
  const rng = createRng(seed, 1);
  const world = buildWorld(rng, split);
  const kind = rng.pick(Object.keys(CHAINS) as ChainKind[]);
  const chain: readonly Relation[] = CHAINS[kind];
  const candidates = [...world.worksAt.keys()].filter((p) => chain[0] !== 'mentoredBy' || world.mentoredBy.has(p));
  const subject = rng.pick(candidates);

  const chainFacts: Fact[] = [];
  let current = subject;
  for (const relation of chain) {
    const next = world[relation].get(current) as string;
    chainFacts.push({ relation, a: current, b: next });
    current = next;
  }
  const onChain = new Set(chainFacts.map(key));
  const others = rng.shuffle(allFacts(world).filter((f) => !onChain.has(key(f))));
  // Distractors that share an entity with the chain come first: they make reading by keyword insufficient.
  const chainEntities = new Set(chainFacts.flatMap((f) => [f.a, f.b]));
  const near = others.filter((f) => chainEntities.has(f.a) || chainEntities.has(f.b));
  const far = others.filter((f) => !(chainEntities.has(f.a) || chainEntities.has(f.b)));
  const distractors = [...near, ...far].slice(0, rng.int(14, 28));

  const holderCount = rng.int(3, MAX_HOLDERS);
  const facts: Fact[][] = Array.from({ length: holderCount }, () => []);
  // Chain facts go to different holders where possible, so no single message answers the question.
  const chainHolders = rng.sample([...Array(holderCount).keys()], Math.min(chainFacts.length, holderCount));
  chainFacts.forEach((fact, i) => facts[chainHolders[i % chainHolders.length] as number]?.push(fact));
  distractors.forEach((fact, i) => facts[i < holderCount ? i : rng.int(0, holderCount - 1)]?.push(fact));

  const render = (f: Fact): string => rng.pick(factTemplates(split, f.relation)).render({ a: f.a, b: f.b });
  const sentenceOf = new Map<string, string>();
  const holders = facts.map((own, index) => {
    const sentences = rng.shuffle(own).map((f) => {
      const text = render(f);
      sentenceOf.set(key(f), text);
      return text;
    });
    const [opening, closing] = rng.sample(fillers(split), 2);
    if (rng.chance(0.5)) sentences.unshift(opening as string);
    if (rng.chance(0.3)) sentences.push(closing as string);
    return { agent: holderName(index), sentences };
  });

  return MultihopInstance.parse({
    family: 'multihop',
    split,
    seed,
    id: `multihop-${split}-${seed}`,
    decider: DECIDER,
    holders,
    question: { text: questionText(split, kind, subject), subject, chain },
    answer: current,
    chainSentences: chainFacts.map((f) => sentenceOf.get(key(f)) as string),
  });
}

/** The decider's reading: every fact it can parse in what it received, then the chain from the subject. */
function answer(instance: MultihopInstance, inbox: readonly string[]): string {
  const { question } = instance;
  const read = readerFor(instance.style);
  const known: Record<Relation, Map<string, string>> = {
    worksAt: new Map(),
    locatedIn: new Map(),
    cityIn: new Map(),
    mentoredBy: new Map(),
  };
  for (const sentence of inbox.flatMap(segmentText)) {
    const fact = parseFact(read(sentence));
    if (fact) known[fact.relation].set(fact.a, fact.b);
  }
  let current: string | undefined = question.subject;
  for (const relation of question.chain) {
    current = current === undefined ? undefined : known[relation].get(current);
  }
  return current ?? 'unknown';
}

/** A holder's sentences as it writes them: its facts as they are, or with chat padding around them. */
function holderMessage(instance: MultihopInstance, index: number): readonly string[] {
  const { sentences } = instance.holders[index]!;
  if (instance.style !== 'chatty') return sentences;
  const isFact = (sentence: string) => parseFact(sentence) !== undefined;
  return padMessage({
    family: 'multihop',
    split: instance.split,
    seed: instance.seed,
    sender: index,
    sentences,
    wrappable: isFact,
    recappable: isFact,
    hedges: 'epistemic',
  });
}

function turns(instance: MultihopInstance): Turn[] {
  return [...instance.holders.map((h) => ({ agent: h.agent, to: [DECIDER] })), { agent: DECIDER, to: [] }];
}

export const multihop: Family<MultihopInstance> = {
  name: 'multihop',
  schema: MultihopInstance,
  generate,
  turns,
  act(instance, agent, inbox) {
    if (agent === DECIDER) {
      const value = answer(instance, inbox);
      return { text: `The answer is ${value}.`, output: { answer: value } };
    }
    const index = instance.holders.findIndex((h) => h.agent === agent);
    const holder = instance.holders[index];
    if (!holder) throw new Error(`agent ${agent} has no part in task ${instance.id}`);
    return { text: holderMessage(instance, index).join(' '), output: { last: index === instance.holders.length - 1 } };
  },
  query: (instance, agent) => (agent === DECIDER ? `${DECIDER_ROLE} ${instance.question.text}` : undefined),
  needs(instance, receiver, sentence) {
    const statement = neededStatement(instance.style, sentence);
    return receiver === DECIDER && statement !== undefined && instance.chainSentences.includes(statement);
  },
  score(instance, output) {
    const given = answerOf(output);
    return given !== undefined && normaliseAnswer(given) === normaliseAnswer(instance.answer);
  },
};
