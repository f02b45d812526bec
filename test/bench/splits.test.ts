import { describe, expect, it } from 'vitest';
import { SPLITS, seedFor, splitOf, type Split } from '../../src/bench/splits.js';
import { VOCABULARY } from '../../src/bench/vocabulary.js';
import { splitPhrasings as multihopPhrasings } from '../../src/bench/families/multihop-language.js';
import { splitPhrasings as relayPhrasings } from '../../src/bench/families/relay-language.js';
import { splitPhrasings as consensusPhrasings } from '../../src/bench/families/consensus-language.js';
import { splitPhrasings as chattyPhrasings } from '../../src/bench/chatty.js';
import { FAMILY_NAMES, generateTask } from '../../src/bench/task.js';
import { episodeOf, episodes } from '../../src/bench/episodes.js';

const pairs: [Split, Split][] = [
  ['train', 'validation'],
  ['train', 'test'],
  ['validation', 'test'],
];

function entityNames(split: Split): string[] {
  const v = VOCABULARY[split];
  return [...v.people, ...v.heads, ...v.cities, ...v.countries, ...v.trips, ...v.birds];
}

describe('splits', () => {
  it('own disjoint seed ranges', () => {
    for (const split of SPLITS) {
      expect(splitOf(seedFor(split, 0))).toBe(split);
      expect(splitOf(seedFor(split, 999_999_999))).toBe(split);
    }
    expect(new Set(SPLITS.map((s) => seedFor(s, 5))).size).toBe(3);
  });

  it.each(pairs)('%s and %s share no entity name and no gate letter', (a, b) => {
    const names = new Set(entityNames(a));
    expect(entityNames(b).filter((n) => names.has(n))).toEqual([]);
    expect(VOCABULARY[b].gateLetters.filter((l) => VOCABULARY[a].gateLetters.includes(l))).toEqual([]);
  });

  it.each(pairs)('%s and %s share no sentence template', (a, b) => {
    for (const phrasings of [multihopPhrasings, relayPhrasings, consensusPhrasings, chattyPhrasings]) {
      const seen = new Set(phrasings(a));
      expect(phrasings(b).filter((p) => seen.has(p))).toEqual([]);
    }
  });

  it.each(pairs)('%s and %s share no phrase, chat padding included, in any family', (a, b) => {
    const all = (split: Split) => [multihopPhrasings, relayPhrasings, consensusPhrasings, chattyPhrasings].flatMap((p) => p(split));
    const seen = new Set(all(a));
    expect(all(b).filter((p) => seen.has(p))).toEqual([]);
  });

  it('never lets a validation or test entity name occur in training episodes', () => {
    const heldOut = [...entityNames('validation'), ...entityNames('test')];
    const pattern = new RegExp(`\\b(${heldOut.join('|')})\\b`);
    for (const family of FAMILY_NAMES) {
      for (const episode of episodes(family, 'train', 300)) {
        for (const message of episode.messages) expect(pattern.exec(message.text)?.[0], message.text).toBeUndefined();
        for (const query of episode.queries) expect(pattern.exec(query.query)?.[0], query.query).toBeUndefined();
      }
      for (let i = 0; i < 100; i++) {
        for (const message of episodeOf(generateTask(family, seedFor('train', i), 'train', 'chatty')).messages) {
          expect(pattern.exec(message.text)?.[0], message.text).toBeUndefined();
        }
      }
    }
  });
});
