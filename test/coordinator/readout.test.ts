import { describe, expect, it } from 'vitest';
import type { MemorySlot } from '../../runtime/coordinator/memory.js';
import { renderReadout, selectMultiHop, selectReadout, type HopView, type StopRule } from '../../runtime/coordinator/readout.js';

function slot(n: number, text: string): MemorySlot {
  return { slot: n, message: `m${n}`, channel: 'a->b', from: 'a', to: 'b', index: 0, text, tokens: 0, latent: [] };
}
const words = (text: string) => (text.length === 0 ? 0 : text.split(/\s+/).length);

describe('selectReadout', () => {
  it('takes only slots the model scores as needed, most relevant first, returned in arrival order', () => {
    const chosen = selectReadout(
      [
        { slot: slot(0, 'alpha one'), score: 0.5 },
        { slot: slot(1, 'beta two'), score: -1 },
        { slot: slot(2, 'gamma three'), score: 3 },
      ],
      100,
      words,
    );
    expect(chosen.map((s) => s.slot)).toEqual([0, 2]);
  });

  it('keeps the rendered readout within the token budget, skipping a slot that does not fit', () => {
    const scored = [
      { slot: slot(0, 'a b c d e f'), score: 5 },
      { slot: slot(1, 'long long long long long long long'), score: 4 },
      { slot: slot(2, 'g h'), score: 3 },
    ];
    const chosen = selectReadout(scored, 9, words);
    expect(chosen.map((s) => s.slot)).toEqual([0, 2]);
    expect(words(renderReadout(chosen.map((s) => s.text)))).toBeLessThanOrEqual(9);
  });

  it('returns nothing when nothing fits or nothing is needed', () => {
    expect(selectReadout([{ slot: slot(0, 'a b c'), score: 2 }], 2, words)).toEqual([]);
    expect(selectReadout([{ slot: slot(0, 'a'), score: -0.1 }], 50, words)).toEqual([]);
  });
});

describe('selectReadout threshold', () => {
  it('reads out only slots scored above the model\'s threshold', () => {
    const scored = [
      { slot: slot(0, 'a'), score: -1.5 },
      { slot: slot(1, 'b'), score: -0.5 },
      { slot: slot(2, 'c'), score: 0.7 },
    ];
    expect(selectReadout(scored, 50, words, -1).map((s) => s.slot)).toEqual([1, 2]);
    expect(selectReadout(scored, 50, words, 1).map((s) => s.slot)).toEqual([]);
  });
});

describe('selectMultiHop', () => {
  // A scorer that counts words shared with the query: enough to follow a chain of facts.
  const overlap = async (query: string, slots: readonly MemorySlot[]) => {
    const q = new Set(query.toLowerCase().match(/\w+/g));
    return slots.map((s) => (s.text.toLowerCase().match(/\w+/g) ?? []).filter((w) => q.has(w)).length);
  };
  const memory = [
    slot(0, 'lab is in tilden'),
    slot(1, 'mara works at lab'),
    slot(2, 'tilden is in ostmark'),
    slot(3, 'boats float'),
  ];
  const options = { budgetTokens: 100, countTokens: words, threshold: 0 };

  it('with one hop selects what selectReadout selects', async () => {
    const [chosen] = await selectMultiHop([memory], 'where does mara work', overlap, { ...options, hops: 1 });
    expect(chosen!.map((s) => s.slot)).toEqual([1]);
  });

  it('follows each selected fact to the next, one hop at a time, and stops when nothing new is found', async () => {
    const two = await selectMultiHop([memory], 'where does mara work', overlap, { ...options, hops: 2 });
    expect(two[0]!.map((s) => s.slot)).toEqual([0, 1]);
    const many = await selectMultiHop([memory], 'where does mara work', overlap, { ...options, hops: 10 });
    expect(many[0]!.map((s) => s.slot)).toEqual([0, 1, 2]);
  });

  it('follows facts across groups, each group held to its own budget', async () => {
    const groups = [[memory[1]!, memory[3]!], [memory[0]!], [memory[2]!]];
    const chosen = await selectMultiHop(groups, 'where does mara work', overlap, { ...options, hops: 3 });
    expect(chosen.map((g) => g.map((s) => s.slot))).toEqual([[1], [0], [2]]);
    const tight = await selectMultiHop(groups, 'where does mara work', overlap, { ...options, budgetTokens: 3, hops: 3 });
    expect(tight.map((g) => g.map((s) => s.slot))).toEqual([[], [], []]);
  });
});

describe('selectMultiHop with a stop rule', () => {
  const overlap = async (query: string, slots: readonly MemorySlot[]) => {
    const q = new Set(query.toLowerCase().match(/\w+/g));
    return slots.map((s) => (s.text.toLowerCase().match(/\w+/g) ?? []).filter((w) => q.has(w)).length);
  };
  const memory = [slot(0, 'lab is in tilden'), slot(1, 'mara works at lab'), slot(2, 'boats float')];
  const options = { budgetTokens: 100, countTokens: words, threshold: 0 };

  it('reads what the rule admits instead of what clears the threshold', async () => {
    // Admits only the lowest-scored candidate: a slot with no shared word, which the threshold would refuse.
    const lowest: StopRule = (view) => view.candidates.map((c) => c.score === Math.min(...view.candidates.map((x) => x.score)) && c.slot.slot === 2);
    const [chosen] = await selectMultiHop([memory], 'where does mara work', overlap, { ...options, hops: 1, stop: lowest });
    expect(chosen!.map((s) => s.slot)).toEqual([2]);
  });

  it('shows the rule each hop, the candidates not yet read with their best scores, and the tokens read so far, until a hop adds nothing', async () => {
    const views: HopView[] = [];
    const aboveZero: StopRule = (view) => {
      views.push(view);
      return view.candidates.map((c) => c.score > 0);
    };
    const [chosen] = await selectMultiHop([memory], 'where does mara work', overlap, { ...options, hops: 3, stop: aboveZero });
    expect(chosen!.map((s) => s.slot)).toEqual([0, 1]);
    expect(views.map((v) => [v.hop, v.candidates.map((c) => c.slot.slot), v.readTokens])).toEqual([
      [1, [0, 1, 2], 0],
      [2, [0, 2], 4],
      [3, [2], 8],
    ]);
    expect(views[1]!.candidates.map((c) => c.score)).toEqual([1, 0]);
    expect(views.every((v) => v.budgetTokens === 100)).toBe(true);
  });
});
