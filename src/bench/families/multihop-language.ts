import type { Split } from '../splits.js';
import { compiledTemplate, type Template } from '../template.js';

/**
 * The sentences of the multihop family: one set of phrasings per split, so a
 * model trained on the train split is tested on wordings it has never seen.
 */
export const RELATIONS = ['worksAt', 'locatedIn', 'cityIn', 'mentoredBy'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Every template uses the slots {a} and {b}: the relation holds from a to b. */
const FACTS: Record<Split, Record<Relation, readonly string[]>> = {
  train: {
    worksAt: ['{a} works at {b}.', '{a} is employed by {b}.'],
    locatedIn: ['{a} is in {b}.', '{a} is located in {b}.'],
    cityIn: ['{a} is a city in {b}.', '{a} lies in {b}.'],
    mentoredBy: ['{a} is mentored by {b}.', '{b} mentors {a}.'],
  },
  validation: {
    worksAt: ['{a} has a job at {b}.'],
    locatedIn: ['{a} sits in {b}.'],
    cityIn: ['{a} belongs to {b}.'],
    mentoredBy: ['{a} learned the trade from {b}.'],
  },
  test: {
    worksAt: ['{a} is on the staff of {b}.'],
    locatedIn: ['You will find {a} in {b}.'],
    cityIn: ['{a} is part of {b}.'],
    mentoredBy: ['{a} trains under {b}.'],
  },
};

export const CHAINS = {
  'work-city': ['worksAt', 'locatedIn'],
  'work-country': ['worksAt', 'locatedIn', 'cityIn'],
  'mentor-org': ['mentoredBy', 'worksAt'],
  'mentor-city': ['mentoredBy', 'worksAt', 'locatedIn'],
  'mentor-country': ['mentoredBy', 'worksAt', 'locatedIn', 'cityIn'],
} as const satisfies Record<string, readonly Relation[]>;
export type ChainKind = keyof typeof CHAINS;

const QUESTIONS: Record<Split, Record<ChainKind, string>> = {
  train: {
    'work-city': 'Which city does {p} work in?',
    'work-country': 'Which country does {p} work in?',
    'mentor-org': "Where does {p}'s mentor work?",
    'mentor-city': "Which city does {p}'s mentor work in?",
    'mentor-country': "Which country does {p}'s mentor work in?",
  },
  validation: {
    'work-city': "In what city is {p}'s workplace?",
    'work-country': "In what country is {p}'s workplace?",
    'mentor-org': "Which organisation employs the person who taught {p}?",
    'mentor-city': "In what city does the person who taught {p} have a job?",
    'mentor-country': "In what country does the person who taught {p} have a job?",
  },
  test: {
    'work-city': '{p} goes to work in which city?',
    'work-country': '{p} goes to work in which country?',
    'mentor-org': "{p}'s trainer is on the staff of which organisation?",
    'mentor-city': "{p}'s trainer goes to work in which city?",
    'mentor-country': "{p}'s trainer goes to work in which country?",
  },
};

const FILLERS: Record<Split, readonly string[]> = {
  train: ['Here is what I know.', 'Hope this helps.', 'I wrote these down this morning.', 'Some of this may be old news.'],
  validation: ['Sharing my notes below.', 'Let me know if anything is unclear.', 'This is from last week.'],
  test: ['These are the facts I have on file.', 'Please double-check anything that looks odd.', 'Nothing else to add.'],
};

export function factTemplates(split: Split, relation: Relation): Template[] {
  return FACTS[split][relation].map(compiledTemplate);
}

export function questionText(split: Split, chain: ChainKind, person: string): string {
  return compiledTemplate(QUESTIONS[split][chain]).render({ p: person });
}

export function fillers(split: Split): readonly string[] {
  return FILLERS[split];
}

/** Every phrasing of every split: readers understand all of English they may meet, not only their split's. */
const ALL_FACT_TEMPLATES: { relation: Relation; template: Template }[] = (Object.keys(FACTS) as Split[]).flatMap((split) =>
  RELATIONS.flatMap((relation) => factTemplates(split, relation).map((t) => ({ relation, template: t }))),
);

export interface ParsedFact {
  relation: Relation;
  a: string;
  b: string;
}

export function parseFact(sentence: string): ParsedFact | undefined {
  for (const { relation, template: t } of ALL_FACT_TEMPLATES) {
    const values = t.parse(sentence);
    if (values) return { relation, a: values.a as string, b: values.b as string };
  }
  return undefined;
}

/** For tests: every template string of a split, facts, questions and fillers. */
export function splitPhrasings(split: Split): string[] {
  return [...RELATIONS.flatMap((r) => FACTS[split][r]), ...Object.values(QUESTIONS[split]), ...FILLERS[split]];
}
