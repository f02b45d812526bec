import { describe, expect, it } from 'vitest';
import { SPLITS, type Split } from '../../src/bench/splits.js';
import { FEATURES, HOTEL_KINDS, ORG_KINDS, VENUE_KINDS, VOCABULARY, WEEKDAYS } from '../../src/bench/vocabulary.js';
import { listOr, template, type Template } from '../../src/bench/template.js';
import { isPadding, unwrapStatement } from '../../src/bench/chatty.js';
import { segmentText } from '../../runtime/text/segment.js';
import * as multihop from '../../src/bench/families/multihop-language.js';
import * as relay from '../../src/bench/families/relay-language.js';
import * as consensus from '../../src/bench/families/consensus-language.js';

/**
 * The phrasings of the synthetic families: enough per relation and split that
 * no sentence shape gives a relation away, disjoint across splits, and each
 * sentence reads back through exactly one template, to exactly the values it was written with.
 */
const MIN_PHRASINGS = 20;

const pairs: [Split, Split][] = [
  ['train', 'validation'],
  ['train', 'test'],
  ['validation', 'test'],
];

interface Labelled<K> {
  kind: K;
  split: Split;
  template: Template;
}

/** The patterns of the templates that read a sentence back: exactly one is expected. */
function readers<K>(all: readonly Labelled<K>[], sentence: string): string[] {
  return all.filter((entry) => entry.template.parse(sentence) !== undefined).map((entry) => entry.template.pattern);
}

/** A sentence the families write stays one segment, alone and between others, and chat padding neither hides nor claims it. */
function expectPlainSentence(sentence: string): void {
  expect(segmentText(sentence), sentence).toEqual([sentence]);
  // A segment break needs a capital after the full stop: "… trip. 9:05 is when …" would read as one sentence.
  expect(segmentText(`Hope this helps. ${sentence} Thanks.`), sentence).toEqual(['Hope this helps.', sentence, 'Thanks.']);
  expect(unwrapStatement(sentence), sentence).toBe(sentence);
  expect(isPadding(sentence), sentence).toBe(false);
}

/** A few values of every shape a slot can take: names, and "the X Kind" names of every kind. */
function people(split: Split): string[] {
  return VOCABULARY[split].people.slice(0, 3);
}
function orgs(split: Split): string[] {
  return ORG_KINDS.map((kind, i) => `the ${VOCABULARY[split].heads[i % VOCABULARY[split].heads.length]} ${kind}`);
}

describe('multihop phrasings', () => {
  const all = SPLITS.flatMap((split) =>
    multihop.RELATIONS.flatMap((kind) => multihop.factTemplates(split, kind).map((template) => ({ kind, split, template }))),
  );
  const values = (split: Split, relation: multihop.Relation): [string, string][] => {
    const v = VOCABULARY[split];
    const a = { worksAt: people(split), locatedIn: orgs(split), cityIn: v.cities.slice(0, 3), mentoredBy: people(split) }[relation];
    const b = { worksAt: orgs(split), locatedIn: v.cities.slice(0, 3), cityIn: v.countries.slice(0, 3), mentoredBy: people(split).reverse() }[relation];
    return a.flatMap((x) => b.map((y): [string, string] => [x, y]));
  };

  it.each(SPLITS)('has at least 20 phrasings per relation and per question in %s', (split) => {
    for (const relation of multihop.RELATIONS) expect(multihop.factTemplates(split, relation).length, relation).toBeGreaterThanOrEqual(MIN_PHRASINGS);
    for (const chain of Object.keys(multihop.CHAINS) as multihop.ChainKind[]) {
      expect(new Set(multihop.questionPatterns(split, chain)).size, chain).toBeGreaterThanOrEqual(MIN_PHRASINGS);
    }
  });

  it('reads every sentence back through exactly one template, to the relation and values it was written with', () => {
    for (const { kind, split, template } of all) {
      for (const [a, b] of values(split, kind)) {
        const sentence = template.render({ a, b });
        expect(readers(all, sentence), sentence).toEqual([template.pattern]);
        expect(multihop.parseFact(sentence), sentence).toEqual({ relation: kind, a, b });
        expectPlainSentence(sentence);
      }
    }
  });

  it('asks each question in one sentence, with the person named', () => {
    for (const split of SPLITS) {
      for (const chain of Object.keys(multihop.CHAINS) as multihop.ChainKind[]) {
        for (const pattern of multihop.questionPatterns(split, chain)) {
          const text = template(pattern).render({ p: 'Mara' });
          expect(text).toContain('Mara');
          expect(segmentText(text), text).toEqual([text]);
        }
      }
    }
  });

  it.each(pairs)('shares no fact or question phrasing between %s and %s', (x, y) => {
    const seen = new Set(multihop.splitPhrasings(x));
    expect(multihop.splitPhrasings(y).filter((p) => seen.has(p))).toEqual([]);
  });
});

describe('relay phrasings', () => {
  const all = SPLITS.flatMap((split) =>
    relay.ATTRIBUTES.flatMap((kind) => relay.factTemplates(split, kind).map((template) => ({ kind, split, template }))),
  );
  const values = (split: Split, attribute: relay.Attribute): string[] => {
    const v = VOCABULARY[split];
    return {
      gate: [`${v.gateLetters[0]}7`, `${v.gateLetters[1]}32`],
      hotel: HOTEL_KINDS.map((kind, i) => `the ${v.birds[i]} ${kind}`),
      room: [`the ${v.heads[0]} Room`, `the ${v.heads[1]} Room`],
      contact: people(split),
      time: ['6:00', '21:55'],
    }[attribute];
  };

  it.each(SPLITS)('has at least 20 phrasings per attribute, correction and request in %s', (split) => {
    for (const attribute of relay.ATTRIBUTES) expect(relay.factTemplates(split, attribute).length, attribute).toBeGreaterThanOrEqual(MIN_PHRASINGS);
    expect(new Set(relay.correctionOpenings(split)).size).toBeGreaterThanOrEqual(MIN_PHRASINGS);
    expect(new Set(relay.requestPatterns(split)).size).toBeGreaterThanOrEqual(MIN_PHRASINGS);
  });

  it('reads every statement and correction back through exactly one template, to the values it was written with', () => {
    // Openings take turns, so every opening corrects many kinds of statement.
    const openings = SPLITS.flatMap(relay.correctionOpenings);
    let turn = 0;
    for (const { kind, split, template } of all) {
      for (const trip of VOCABULARY[split].trips.slice(0, 2)) {
        for (const value of values(split, kind)) {
          const sentence = template.render({ t: trip, v: value });
          expect(readers(all, sentence), sentence).toEqual([template.pattern]);
          expect(relay.parseStatement(sentence), sentence).toEqual({ trip, attribute: kind, value, correction: false });
          expectPlainSentence(sentence);
          const correction = `${openings[turn++ % openings.length]}${sentence}`;
          expect(relay.parseStatement(correction), correction).toEqual({ trip, attribute: kind, value, correction: true });
          expect(segmentText(`Thanks. ${correction} Thanks.`), correction).toEqual(['Thanks.', correction, 'Thanks.']);
          expect(unwrapStatement(correction), correction).toBe(correction);
        }
      }
    }
  });

  it('words every request as one sentence that opens with its verb, about the trip and every detail asked for', () => {
    for (const split of SPLITS) {
      for (const pattern of relay.requestPatterns(split)) {
        const text = template(pattern).render({ t: 'Vega', list: 'hotel, meeting room and departure time' });
        expect(segmentText(text), text).toEqual([text]);
        expect(text).toContain('Vega trip');
        expect(text).toContain('hotel, meeting room and departure time');
        expect(relay.parseStatement(text)).toBeUndefined();
      }
    }
  });

  it.each(pairs)('shares no statement, correction or request phrasing between %s and %s', (x, y) => {
    const seen = new Set(relay.splitPhrasings(x));
    expect(relay.splitPhrasings(y).filter((p) => seen.has(p))).toEqual([]);
  });
});

describe('consensus phrasings', () => {
  type Kind = consensus.ConstraintKind | 'preference';
  const all: Labelled<Kind>[] = SPLITS.flatMap((split) => [
    ...consensus.CONSTRAINT_KINDS.flatMap((kind) => consensus.constraintTemplates(split, kind).map((template) => ({ kind, split, template }))),
    ...consensus.preferenceTemplates(split).map((template) => ({ kind: 'preference' as const, split, template })),
  ]);
  /** Each value as written, and what the facilitator must read from it. */
  const values = (split: Split, kind: Kind): [string, consensus.Said][] => {
    const cities = VOCABULARY[split].cities;
    const lists = (items: readonly string[]) => [items.slice(0, 1), items.slice(1, 3), items.slice(2, 5)];
    switch (kind) {
      case 'day':
      case 'city':
        return lists(kind === 'day' ? WEEKDAYS : cities).map((allowed) => [listOr(allowed), { kind, allowed }]);
      case 'price':
      case 'capacity':
        return [5, 160].map((limit) => [String(limit), { kind, limit }]);
      case 'feature':
        return FEATURES.map((feature) => [feature, { kind, feature }]);
      case 'preference':
        return VENUE_KINDS.map((kind, i) => `the ${VOCABULARY[split].heads[i]} ${kind}`).map((venue) => [venue, { kind: 'preference', venue }]);
    }
  };

  it.each(SPLITS)('has at least 20 phrasings per constraint kind and for preferences in %s', (split) => {
    for (const kind of consensus.CONSTRAINT_KINDS) expect(consensus.constraintTemplates(split, kind).length, kind).toBeGreaterThanOrEqual(MIN_PHRASINGS);
    expect(consensus.preferenceTemplates(split).length).toBeGreaterThanOrEqual(MIN_PHRASINGS);
  });

  it('reads every constraint and preference back through exactly one template, to what it says', () => {
    for (const { kind, split, template } of all) {
      for (const [x, said] of values(split, kind)) {
        const sentence = template.render({ x });
        expect(readers(all, sentence), sentence).toEqual([template.pattern]);
        expect(consensus.parseSaid(sentence), sentence).toEqual(said);
        expectPlainSentence(sentence);
      }
    }
  });

  it('never reads a wish as a constraint or a preference, and words wishes 20 ways per split', () => {
    for (const split of SPLITS) {
      for (const about of ['day', 'feature'] as const) {
        const templates = consensus.softTemplates(split, about);
        expect(templates.length).toBeGreaterThanOrEqual(20);
        for (const t of templates) {
          for (const x of about === 'day' ? WEEKDAYS : FEATURES) {
            const sentence = t.render({ x });
            expect(readers(all, sentence), sentence).toEqual([]);
            expectPlainSentence(sentence);
          }
        }
      }
    }
  });

  it.each(pairs)('shares no constraint or preference phrasing between %s and %s', (x, y) => {
    const seen = new Set(consensus.splitPhrasings(x));
    expect(consensus.splitPhrasings(y).filter((p) => seen.has(p))).toEqual([]);
  });
});
