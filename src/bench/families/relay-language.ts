import type { Split } from '../splits.js';
import { compiledTemplate, listAnd, type Template } from '../template.js';

/** The sentences of the relay family, one set of phrasings per split. */
export const ATTRIBUTES = ['gate', 'hotel', 'room', 'contact', 'time'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

export const ATTRIBUTE_WORDS: Record<Attribute, string> = {
  gate: 'departure gate',
  hotel: 'hotel',
  room: 'meeting room',
  contact: 'contact person',
  time: 'departure time',
};

/** Slots: {t} the trip's name, {v} the value. */
const FACTS: Record<Split, Record<Attribute, readonly string[]>> = {
  train: {
    gate: ['The {t} trip leaves from gate {v}.', 'Gate {v} is where the {t} trip boards.'],
    hotel: ['The {t} trip stays at {v}.', 'The {t} trip has rooms booked at {v}.'],
    room: ['The {t} trip meets in {v}.', 'The briefing for the {t} trip is in {v}.'],
    contact: ['The contact for the {t} trip is {v}.', '{v} is the contact for the {t} trip.'],
    time: ['The {t} trip departs at {v}.', 'The {t} trip leaves at {v}.'],
  },
  validation: {
    gate: ['Travellers on the {t} trip depart from gate {v}.'],
    hotel: ['Beds for the {t} trip are reserved at {v}.'],
    room: ['The {t} trip holds its briefing in {v}.'],
    contact: ['{v} coordinates the {t} trip.'],
    time: ['Departure for the {t} trip is at {v}.'],
  },
  test: {
    gate: ['Passengers for the {t} trip board at gate {v}.'],
    hotel: ['The {t} trip will sleep at {v}.'],
    room: ['The {t} trip gathers in {v}.'],
    contact: ['Questions about the {t} trip go to {v}.'],
    time: ['The {t} trip sets off at {v}.'],
  },
};

/** A correction is a fact sentence behind one of these openings; it replaces any earlier value. */
const CORRECTIONS: Record<Split, string> = {
  train: 'Update: ',
  validation: 'Change of plan: ',
  test: 'Please note the change: ',
};

const REQUESTS: Record<Split, string> = {
  train: 'Put together the {list} for the {t} trip.',
  validation: 'Collect the {list} of the {t} trip.',
  test: 'Compile the {list} for the {t} trip.',
};

const FILLERS: Record<Split, readonly string[]> = {
  train: ['Passing this along.', 'Here is the latest.'],
  validation: ['Forwarding what I have.', 'More notes below.'],
  test: ['Relaying everything I know.', 'See the details that follow.'],
};

export function factTemplates(split: Split, attribute: Attribute): Template[] {
  return FACTS[split][attribute].map(compiledTemplate);
}

export function correctionOf(split: Split, sentence: string): string {
  return `${CORRECTIONS[split]}${sentence}`;
}

export function requestText(split: Split, trip: string, attributes: readonly Attribute[]): string {
  return compiledTemplate(REQUESTS[split]).render({ t: trip, list: listAnd(attributes.map((a) => ATTRIBUTE_WORDS[a])) });
}

export function fillers(split: Split): readonly string[] {
  return FILLERS[split];
}

const SPLIT_NAMES = Object.keys(FACTS) as Split[];
const ALL_FACT_TEMPLATES = SPLIT_NAMES.flatMap((split) =>
  (Object.keys(FACTS[split]) as Attribute[]).flatMap((attribute) => factTemplates(split, attribute).map((t) => ({ attribute, template: t }))),
);
const CORRECTION_OPENING = new RegExp(`^(?:${Object.values(CORRECTIONS).map((c) => c.trim()).join('|')})\\s+`);

export interface ParsedStatement {
  trip: string;
  attribute: Attribute;
  value: string;
  correction: boolean;
}

export function parseStatement(sentence: string): ParsedStatement | undefined {
  const correction = CORRECTION_OPENING.test(sentence);
  const body = sentence.replace(CORRECTION_OPENING, '');
  for (const { attribute, template: t } of ALL_FACT_TEMPLATES) {
    const values = t.parse(body);
    if (values) return { trip: values.t as string, attribute, value: values.v as string, correction };
  }
  return undefined;
}

export function splitPhrasings(split: Split): string[] {
  return [
    ...(Object.keys(FACTS[split]) as Attribute[]).flatMap((a) => FACTS[split][a]),
    CORRECTIONS[split],
    REQUESTS[split],
    ...FILLERS[split],
  ];
}
