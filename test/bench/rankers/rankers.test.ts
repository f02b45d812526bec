import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/ir/schema.js';
import { bm25 } from '../../../src/bench/rankers/bm25.js';
import { oracleRanker, randomRanker, recencyRanker } from '../../../src/bench/rankers/chance.js';
import { embeddingRanker } from '../../../src/bench/rankers/embedding.js';
import { RankerCoordinator, type Ranker } from '../../../src/bench/rankers/ranker.js';
import { terms } from '../../../runtime/text/terms.js';
import type { MemorySlot } from '../../../runtime/coordinator/memory.js';

const channel: Channel = { id: 'a->d', from: 'a', to: 'd', mode: 'latent', budget: {}, compress: { method: 'none' }, overflow: 'truncate' };
const count = (text: string) => text.split(/\s+/).filter(Boolean).length;
const slot = (i: number, text: string): MemorySlot => ({ slot: i, message: `m${i}`, channel: 'a->d', from: 'a', to: 'd', index: 0, text, tokens: count(text), latent: [] });

async function coordinatorWith(ranker: Ranker, texts: string[], hops = 1) {
  const c = new RankerCoordinator(ranker, { hops });
  for (const [i, text] of texts.entries()) {
    await c.write({ id: `m${i}`, channel, from: 'a', to: 'd', text, segments: [{ index: 0, text, tokens: count(text) }] });
  }
  return c;
}

describe('terms', () => {
  it('lower-cases, keeps inner apostrophes, drops the possessive and stopwords', () => {
    expect(terms("The Van's in Bay 7, isn't it?")).toEqual(['van', 'bay', '7', "isn't"]);
    expect(terms('Which country does Wystan’s trainer work in? I don’t know')).toEqual(['country', 'wystan', 'trainer', 'work', "don't", 'know']);
  });
});

describe('bm25', () => {
  it('scores a slot sharing a rare query term above one sharing a common term, and a slot sharing none at 0', () => {
    const slots = [slot(0, 'the blue transit is in bay 7'), slot(1, 'priya is on the blue rota'), slot(2, 'lunch is at noon'), slot(3, 'blue skies all week')];
    const scores = bm25.score('which bay is the transit in', slots, 'd');
    expect(scores[0]).toBeGreaterThan(0);
    expect(scores[0]).toBeGreaterThan(scores[1]!);
    expect(scores[2]).toBe(0);
  });
});

describe('embedding ranker', () => {
  it('scores a paraphrase above an unrelated sentence with no shared word', () => {
    const ranker = embeddingRanker();
    const [near, far] = ranker.score('the truck needs new tyres', [slot(0, 'the lorry wants fresh tires'), slot(1, 'quarterly invoices were paid')], 'd');
    expect(near).toBeGreaterThan(far!);
    expect(ranker.score('zzzqqq', [slot(0, 'anything')], 'd')).toEqual([0]);
  });
});

describe('chance rankers', () => {
  it('random is repeatable per seed and differs across seeds; recency ranks later slots higher', () => {
    const slots = [slot(0, 'a'), slot(1, 'b'), slot(2, 'c'), slot(3, 'd')];
    expect(randomRanker('x').score('', slots, 'd')).toEqual(randomRanker('x').score('', slots, 'd'));
    expect(randomRanker('x').score('', slots, 'd')).not.toEqual(randomRanker('y').score('', slots, 'd'));
    expect(recencyRanker.score('', slots, 'd')).toEqual([0, 1, 2, 3]);
    expect(oracleRanker((_r, t) => t === 'c').score('', slots, 'd')).toEqual([-1, -1, 1, -1]);
  });
});

describe('RankerCoordinator', () => {
  it('reads through the shared multi-hop readout: a second hop reaches a fact that shares no word with the question', async () => {
    const texts = ['Mara works at the Harbor Lab.', 'The Harbor Lab is in Tilden.', 'Lunch is at noon.', 'The canteen closes early on Fridays.'];
    const question = 'Which city does Mara work in?';
    const ask = { receiver: 'd', channel, query: question, budgetTokens: 100, countTokens: count };
    const one = await coordinatorWith(bm25, texts, 1);
    expect((await one.readout(ask)).segments.map((s) => s.text)).toEqual(['Mara works at the Harbor Lab.']);
    const two = await coordinatorWith(bm25, texts, 2);
    expect((await two.readout(ask)).segments.map((s) => s.text)).toEqual(['Mara works at the Harbor Lab.', 'The Harbor Lab is in Tilden.']);
  });

  it('keeps to the budget, never forwards text, and ranks every slot for the metrics', async () => {
    const c = await coordinatorWith(recencyRanker, ['one two three', 'four five six', 'seven eight nine']);
    const read = await c.readout({ receiver: 'd', channel, query: 'q', budgetTokens: 6, countTokens: count });
    expect(read.segments.map((s) => s.text)).toEqual(['four five six', 'seven eight nine']);
    expect((await c.gate()).route).toBe('latent');
    const ranked = await c.rank({ receiver: 'd', channel, query: 'q', budgetTokens: 0, countTokens: count });
    expect(ranked.map((r) => r.score)).toEqual([0, 1, 2]);
  });
});
