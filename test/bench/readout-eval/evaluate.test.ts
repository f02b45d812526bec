import { describe, expect, it } from 'vitest';
import { hopsByTerms, naturalCase, syntheticCases } from '../../../src/bench/readout-eval/cases.js';
import { contenders, type OpenLearned } from '../../../src/bench/readout-eval/contenders.js';
import { bm25 } from '../../../src/bench/rankers/bm25.js';
import { RankerCoordinator } from '../../../src/bench/rankers/ranker.js';
import { DEFAULT_READOUT_PER_QUERY } from '../../../runtime/coordinator/coordinator.js';
import { evaluateCase, fixedBudget, oracleMultiple } from '../../../src/bench/readout-eval/evaluate.js';
import { pairedRows, rankingRows, readoutRows } from '../../../src/bench/readout-eval/summary.js';
import { episodeOf } from '../../../src/bench/episodes.js';
import { generateTask } from '../../../src/bench/task.js';
import { seedFor } from '../../../src/bench/splits.js';
import type { NaturalEpisode } from '../../../src/bench/natural/corpus.js';

const count = (text: string) => text.split(/\s+/).filter(Boolean).length;

const episode: NaturalEpisode & { domain: string } = {
  domain: 'depot',
  id: 'depot-01',
  family: 'multihop',
  decider: 'dispatcher',
  question: "Which bay is Priya's van in tonight?",
  answer: 'space 7',
  accepted: [],
  notes: [
    { id: 'n1', from: 'sam', text: "Priya's on the blue transit this week. Ask her about the keys.", needed: true, evidence: "Priya's on the blue transit", hop: 1 },
    { id: 'n2', from: 'jo', text: 'Canteen shuts at 6.', needed: false },
    { id: 'n3', from: 'sam', text: "Blue transit's round the back in space 7 until the tyre guy comes.", needed: true, evidence: 'space 7', hop: 2 },
    { id: 'n4', from: 'jo', text: 'Van keys are in the office now, not the hook.', needed: false },
  ],
};

const unusedLearned = () => Promise.reject(new Error('not in this test'));

describe('natural cases', () => {
  it('turn each note into a message to the decider and label the sentence holding the evidence', () => {
    const c = naturalCase(episode);
    expect(c.messages.map((m) => m.channel)).toEqual(Array(4).fill('team->dispatcher'));
    expect([...c.needed]).toEqual(['n1.s0', 'n3.s0']);
    expect([...c.firstHop]).toEqual(['n1.s0']);
    expect(c.messages[0]!.segments.map((s) => s.text)).toEqual(["Priya's on the blue transit this week.", 'Ask her about the keys.']);
  });
});

describe('evaluateCase', () => {
  it('the oracle reads exactly the needed segments: full recall at the oracle\'s own tokens, perfect ranking', async () => {
    const [oracle] = contenders(['oracle'], 4, unusedLearned);
    const r = await evaluateCase(naturalCase(episode), oracle!, [fixedBudget(100), oracleMultiple(1), fixedBudget(3)], count);
    expect(r.oracleTokens).toBe(count("Priya's on the blue transit this week.\nBlue transit's round the back in space 7 until the tyre guy comes."));
    expect(r.readouts[0]).toEqual({ budget: '100', recall: 1, delivered: r.oracleTokens });
    expect(r.readouts[1]).toEqual({ budget: '1x oracle', recall: 1, delivered: r.oracleTokens });
    expect(r.readouts[2]).toEqual({ budget: '3', recall: 0, delivered: 0 });
    expect([r.auc, r.firstHopAuc, r.rPrecision]).toEqual([1, 1, 1]);
  });

  it('BM25 with multi-hop reaches the hop-2 note through the hop-1 note; with one hop it does not', async () => {
    const [one] = contenders(['bm25'], 1, unusedLearned);
    const [four] = contenders(['bm25'], 4, unusedLearned);
    const c = naturalCase(episode);
    const at = async (contender: typeof one) => (await evaluateCase(c, contender!, [fixedBudget(100)], count, { threshold: 0 })).readouts[0]!.recall;
    expect(await at(one)).toBe(0.5);
    expect(await at(four)).toBe(1);
  });

  it('an operating point reaches the readout of every contender: its threshold and its per-query limit', async () => {
    const asked: unknown[] = [];
    const learned: OpenLearned = async (_runId, settings) => {
      asked.push(settings);
      return new RankerCoordinator(bm25, settings);
    };
    const [bm, lr] = contenders(['bm25', 'learned'], 3, learned);
    const c = naturalCase(episode);
    const opened = (await bm!.open(c, { threshold: 0.5, perQuery: 2 })) as RankerCoordinator;
    expect([opened.hops, opened.threshold, opened.perQuery]).toEqual([3, 0.5, 2]);
    expect(((await bm!.open(c)) as RankerCoordinator).perQuery).toBe(DEFAULT_READOUT_PER_QUERY);
    expect(((await bm!.open(c, { perQuery: null })) as RankerCoordinator).perQuery).toBeUndefined();
    await lr!.open(c, { perQuery: 1 });
    await lr!.open(c, { perQuery: null });
    await lr!.open(c);
    expect(asked).toEqual([{ hops: 3, perQuery: 1 }, { hops: 3, perQuery: null }, { hops: 3 }]);
  });

  it('summaries pair contenders case by case at the same budget', async () => {
    const all = contenders(['oracle', 'recency'], 4, unusedLearned);
    const results = [];
    for (const contender of all) results.push(await evaluateCase(naturalCase(episode), contender, [fixedBudget(12)], count));
    const rows = readoutRows(results, new Map([['recency\u000012', { threshold: '-inf', perQuery: 2 }]]));
    expect(rows.map((r) => [r.contender, r.budget, r.cases, r.threshold, r.perQuery])).toEqual([
      ['oracle', '12', 1, null, null],
      ['recency', '12', 1, '-inf', 2],
    ]);
    const [paired] = pairedRows(results, 'oracle', ['recency']);
    expect(paired!.recallDiff.mean).toBe(results[0]!.readouts[0]!.recall - results[1]!.readouts[0]!.recall);
    expect(rankingRows(results).find((r) => r.contender === 'oracle')!.auc!.mean).toBe(1);
  });
});

describe('synthetic cases', () => {
  it('give one case per receiver turn with needs, over the messages written before it', () => {
    const e = episodeOf(generateTask('relay', seedFor('validation', 0), 'validation'));
    const cases = syntheticCases(e);
    expect(cases.length).toBe(e.queries.filter((q) => q.needs.length > 0).length);
    for (const [i, c] of cases.entries()) {
      const q = e.queries.filter((x) => x.needs.length > 0)[i]!;
      expect(c.messages.every((m) => Number(m.id.split('#')[1]) <= q.afterStep)).toBe(true);
      expect(c.needed.size).toBe(q.needs.length);
    }
  });

  it("count as first hop only the needed segments the query finds, not a chain's later links", () => {
    const e = episodeOf(generateTask('multihop', seedFor('validation', 1), 'validation'));
    const [c] = syntheticCases(e);
    const text = new Map(c!.messages.flatMap((m) => m.segments.map((s) => [s.id, s.text] as const)));
    const first = [...c!.firstHop].map((id) => text.get(id));
    // "In what city does Zoltan have a job?": only the link naming Zoltan is found from the question.
    expect(c!.needed.size).toBeGreaterThan(1);
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((t) => /Zoltan/.test(t!))).toBe(true);
    expect([...c!.needed].filter((id) => !c!.firstHop.has(id)).every((id) => c!.hopOf.get(id)! > 1)).toBe(true);
  });

  it('follow a chain that the question starts in the possessive', () => {
    const hops = hopsByTerms("Which country does Wystan's trainer go to work in each day?", [
      { id: 'a', text: 'Gorsedale is a city within the nation of Cytheria.' },
      { id: 'b', text: 'The Indigo Works is anchored in Gorsedale.' },
      { id: 'c', text: 'Undine supervises Wystan as a mentor.' },
      { id: 'd', text: 'Working at the Indigo Works is Undine.' },
    ]);
    expect(Object.fromEntries(hops)).toEqual({ c: 1, d: 2, b: 3, a: 4 });
  });
});
