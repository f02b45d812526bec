import type { Split } from '../splits.js';
import { compiledTemplate, splitList, type Template } from '../template.js';

/** The sentences of the consensus family, one set of phrasings per split. */
export const CONSTRAINT_KINDS = ['day', 'city', 'price', 'feature', 'capacity'] as const;
export type ConstraintKind = (typeof CONSTRAINT_KINDS)[number];

/** Slots: {x} the allowed days or cities, the limit, or the feature. */
const CONSTRAINTS: Record<Split, Record<ConstraintKind, readonly string[]>> = {
  train: {
    day: ['I can only make it on {x}.', 'I am free on {x} and on no other day.'],
    city: ['The venue has to be in {x}.', 'I can only travel to {x}.'],
    price: ['I cannot pay more than {x} per person.', 'The price must stay at or below {x} per person.'],
    feature: ['I need a venue with {x}.', 'The venue must have {x}.'],
    capacity: ['The room must hold at least {x} people.', 'We need space for {x} people or more.'],
  },
  validation: {
    day: ['Any day other than {x} is impossible for me.'],
    city: ['Anywhere outside {x} is too far for me.'],
    price: ['My limit is {x} per head.'],
    feature: ['Without {x} I cannot come.'],
    capacity: ['There must be space for at least {x} guests.'],
  },
  test: {
    day: ['My calendar is open on {x} and no other day.'],
    city: ['I will not go anywhere but {x}.'],
    price: ['Anything above {x} per person is out of my budget.'],
    feature: ['The place must offer {x}.'],
    capacity: ['It has to seat {x} people or more.'],
  },
};

const PREFERENCES: Record<Split, readonly string[]> = {
  train: ['I would love to go to {x}.', 'I enjoyed {x} last year.'],
  validation: ['My favourite place is {x}.'],
  test: ['I have heard great things about {x}.'],
};

/** Wishes that sound like constraints but are not: the facilitator may ignore them. Slot {x}: a day or a feature. */
const SOFT: Record<Split, { day: string; feature: string }> = {
  train: { day: 'If possible I would rather go on {x}.', feature: 'It would be nice to have {x}.' },
  validation: {
    day: 'A meeting on {x} would suit me best, though other days work.',
    feature: 'Ideally we would get {x}, but it is no dealbreaker.',
  },
  test: { day: '{x} would be my preferred day, but I am flexible.', feature: 'I would not mind {x}, but it is optional.' },
};

const TOPICS: Record<Split, string> = {
  train: 'Pick a venue for the spring offsite that every member can accept.',
  validation: 'Find a place for the retreat that works for everyone.',
  test: 'Settle on a location for the workshop that suits every participant.',
};

const FILLERS: Record<Split, readonly string[]> = {
  train: ['Looking forward to it.', 'Last time the coffee was cold.'],
  validation: ['Thanks for organising this.', 'Happy to help with the planning.'],
  test: ['Count me in.', 'Let us keep it simple this time.'],
};

export function constraintTemplates(split: Split, kind: ConstraintKind): Template[] {
  return CONSTRAINTS[split][kind].map(compiledTemplate);
}

export function preferenceTemplates(split: Split): Template[] {
  return PREFERENCES[split].map(compiledTemplate);
}

export function softTemplate(split: Split, about: 'day' | 'feature'): Template {
  return compiledTemplate(SOFT[split][about]);
}

export function topicText(split: Split): string {
  return TOPICS[split];
}

export function fillers(split: Split): readonly string[] {
  return FILLERS[split];
}

const SPLIT_NAMES = Object.keys(CONSTRAINTS) as Split[];
const ALL_CONSTRAINTS = SPLIT_NAMES.flatMap((split) =>
  CONSTRAINT_KINDS.flatMap((kind) => constraintTemplates(split, kind).map((t) => ({ kind, template: t }))),
);
const ALL_PREFERENCES = SPLIT_NAMES.flatMap(preferenceTemplates);

export type Said =
  | { kind: 'day' | 'city'; allowed: string[] }
  | { kind: 'price' | 'capacity'; limit: number }
  | { kind: 'feature'; feature: string }
  | { kind: 'preference'; venue: string };

/** What a member's sentence says, when it is a constraint or a preference. */
export function parseSaid(sentence: string): Said | undefined {
  for (const { kind, template: t } of ALL_CONSTRAINTS) {
    const x = t.parse(sentence)?.x;
    if (x === undefined) continue;
    switch (kind) {
      case 'day':
      case 'city':
        return { kind, allowed: splitList(x) };
      case 'price':
      case 'capacity': {
        const limit = Number(x);
        if (Number.isFinite(limit)) return { kind, limit };
        continue;
      }
      case 'feature':
        return { kind, feature: x };
    }
  }
  for (const t of ALL_PREFERENCES) {
    const x = t.parse(sentence)?.x;
    if (x !== undefined) return { kind: 'preference', venue: x };
  }
  return undefined;
}

export function splitPhrasings(split: Split): string[] {
  return [
    ...CONSTRAINT_KINDS.flatMap((k) => CONSTRAINTS[split][k]),
    ...PREFERENCES[split],
    SOFT[split].day,
    SOFT[split].feature,
    TOPICS[split],
    ...FILLERS[split],
  ];
}
