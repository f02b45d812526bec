import { describe, expect, it } from 'vitest';
import { naturalCase } from '../../../src/bench/readout-eval/cases.js';
import type { Contender } from '../../../src/bench/readout-eval/evaluate.js';
import {
  LATER_HOPS_MIN_QUERIES,
  laterHopPaired,
  laterHopQueries,
  laterHopRows,
  LaterHopResults,
  laterHopsTable,
  type LaterHopQuery,
} from '../../../src/bench/readout-eval/later-hops.js';
import { RankerCoordinator } from '../../../src/bench/rankers/ranker.js';
import type { NaturalEpisode } from '../../../src/bench/natural/corpus.js';

const count = (text: string) => text.split(/\s+/).filter(Boolean).length;

// The question finds Mara's note (hop 1); only that note leads to the lab's town (hop 2). Joss's note
// is about the same lab (linked to the asker by "harbor", "lab"), the canteen's about nothing here.
const episode: NaturalEpisode & { domain: string } = {
  domain: 'labs',
  id: 'labs-01',
  family: 'multihop',
  decider: 'planner',
  question: 'Which town is Mara based in?',
  answer: 'Tilden',
  accepted: [],
  notes: [
    { id: 'n1', from: 'sam', text: 'Mara works at the Harbor Lab.', needed: true, evidence: 'Mara works at the Harbor Lab', hop: 1 },
    { id: 'n2', from: 'jo', text: 'Joss works at the Harbor Lab too.', needed: false },
    { id: 'n3', from: 'sam', text: 'The Harbor Lab is in Tilden.', needed: true, evidence: 'The Harbor Lab is in Tilden', hop: 2 },
    { id: 'n4', from: 'jo', text: 'The canteen shuts at six.', needed: false },
  ],
};

/** A contender whose ranker scores each note by its first word other than "the", whatever the query. */
function fixed(scores: Record<string, number>): Contender {
  const key = (text: string) => text.toLowerCase().split(' ').find((w) => w !== 'the')!;
  return {
    name: 'fixed',
    open: async () => new RankerCoordinator({ name: 'fixed', threshold: 0, score: (_query, slots) => slots.map((slot) => scores[key(slot.text)] ?? 0) }),
  };
}

describe('laterHopQueries', () => {
  const c = naturalCase(episode);

  it('asks with the hop-1 segment and counts a next link ranked first', async () => {
    const [q] = await laterHopQueries(c, fixed({ harbor: 3, joss: 2, canteen: 1 }), count);
    expect(q).toEqual({ family: 'multihop', hop: 2, auc: 1, top1: 1 });
  });

  it('a sibling ranked first is a miss linked to the asker; an unrelated one is not', async () => {
    expect((await laterHopQueries(c, fixed({ harbor: 2, joss: 3, canteen: 1 }), count))[0]).toMatchObject({ top1: 0, linkedMiss: 1, auc: 0.5 });
    expect((await laterHopQueries(c, fixed({ harbor: 2, joss: 1, canteen: 3 }), count))[0]).toMatchObject({ top1: 0, linkedMiss: 0 });
  });

  it('a tie at the top is a pick at random among the tied', async () => {
    expect((await laterHopQueries(c, fixed({ harbor: 1, joss: 1, canteen: 1 }), count))[0]).toMatchObject({ top1: 1 / 3, linkedMiss: 0.5 });
  });

  it('never offers the asker or a segment an earlier hop needs as a candidate', async () => {
    // Mara's own note scores highest; were it a candidate, the next link would not be first.
    const [q] = await laterHopQueries(c, fixed({ mara: 9, harbor: 3, joss: 2 }), count);
    expect(q!.top1).toBe(1);
  });

  it('a case without a second hop has no later-hop queries', async () => {
    const single = naturalCase({ ...episode, notes: episode.notes.map((n) => (n.id === 'n3' ? { ...n, needed: false, evidence: undefined, hop: undefined } : n)) });
    expect(await laterHopQueries(single, fixed({}), count)).toEqual([]);
  });
});

describe('summaries', () => {
  const queries = (top1s: number[]): LaterHopQuery[] => top1s.map((top1) => ({ family: 'multihop', hop: 2, top1, auc: top1, ...(top1 < 1 ? { linkedMiss: 1 } : {}) }));

  it('a row gives the mean top-1, the AUC and the share of misses linked to the asker', () => {
    const [row] = laterHopRows('test', 'learned', queries([1, 1, 0, 0.5]));
    expect(row).toMatchObject({ split: 'test', family: 'multihop', contender: 'learned', queries: 4, linkedMisses: 1 });
    expect(row!.top1.value).toBe(0.625);
    expect(row!.top1.low).toBeLessThanOrEqual(0.625);
    expect(row!.top1.high).toBeGreaterThanOrEqual(0.625);
    expect(laterHopRows('test', 'learned', queries([1, 1]))[0]!.linkedMisses).toBeNull();
  });

  it('pairs two contenders query by query, and refuses lists of different queries', () => {
    const [p] = laterHopPaired('test', 'learned', 'bm25', queries([1, 1, 0]), queries([0, 1, 0]));
    expect(p!.top1Difference.value).toBeCloseTo(1 / 3);
    expect(() => laterHopPaired('test', 'learned', 'bm25', queries([1]), queries([1, 0]))).toThrow(/not asked the same queries/);
  });

  it('the table leaves out a family with too few queries', () => {
    const many = queries(Array.from({ length: LATER_HOPS_MIN_QUERIES }, (_, i) => i % 2));
    const few = queries([1]).map((q) => ({ ...q, family: 'consensus' }));
    const results = LaterHopResults.parse({
      command: 'x',
      model: 'm',
      startedAt: 't',
      rows: [...laterHopRows('test', 'learned', [...many, ...few]), ...laterHopRows('test', 'bm25', [...many, ...few])],
      paired: laterHopPaired('test', 'learned', 'bm25', [...many, ...few], [...many, ...few]),
    });
    const table = laterHopsTable(results);
    expect(table).toContain('| test | multihop | 10 | 50 (');
    expect(table).not.toContain('consensus');
  });
});
