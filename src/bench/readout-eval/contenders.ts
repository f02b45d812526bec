import { bm25 } from '../rankers/bm25.js';
import { oracleRanker, randomRanker, recencyRanker } from '../rankers/chance.js';
import { embeddingRanker } from '../rankers/embedding.js';
import { RankerCoordinator, type Ranker } from '../rankers/ranker.js';
import type { MessageCoordinator } from '../../../runtime/coordinator/types.js';
import type { ReadoutCase } from './cases.js';
import type { Contender } from './evaluate.js';

export const CONTENDER_NAMES = ['learned', 'bm25', 'embedding', 'recency', 'random', 'oracle'] as const;
export type ContenderName = (typeof CONTENDER_NAMES)[number];

/** Opens the learned coordinator with a readout threshold and hops (src/bench does not load models itself). */
export type OpenLearned = (runId: string, settings: { hops: number; threshold?: number }) => Promise<MessageCoordinator>;

/** The oracle of a case: it reads exactly the segments labelled needed. */
function caseOracle(c: ReadoutCase): Ranker {
  const texts = new Set(c.messages.flatMap((m) => m.segments.filter((s) => c.needed.has(s.id)).map((s) => s.text)));
  return oracleRanker((receiver, text) => receiver === c.receiver && texts.has(text));
}

/** Every contender with the same readout hops; each may be given its own threshold (an operating point). */
export function contenders(names: readonly ContenderName[], hops: number, openLearned: OpenLearned): Contender[] {
  const embedding = names.includes('embedding') ? embeddingRanker() : undefined;
  const ranked = (name: string, rankerOf: (c: ReadoutCase) => Ranker): Contender => ({
    name,
    open: async (c, threshold) => new RankerCoordinator(rankerOf(c), { hops, ...(threshold === undefined ? {} : { threshold }) }),
  });
  return names.map((name) => {
    switch (name) {
      case 'learned':
        return { name, open: (c, threshold) => openLearned(`eval-${c.id}`, { hops, ...(threshold === undefined ? {} : { threshold }) }) };
      case 'bm25':
        return ranked(name, () => bm25);
      case 'embedding':
        return ranked(name, () => embedding!);
      case 'recency':
        return ranked(name, () => recencyRanker);
      case 'random':
        return ranked(name, (c) => randomRanker(c.id));
      case 'oracle':
        return ranked(name, caseOracle);
    }
  });
}
