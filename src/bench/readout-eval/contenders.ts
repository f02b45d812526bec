import { bm25 } from '../rankers/bm25.js';
import { oracleRanker, randomRanker, recencyRanker } from '../rankers/chance.js';
import { embeddingRanker } from '../rankers/embedding.js';
import { RankerCoordinator, type Ranker } from '../rankers/ranker.js';
import type { MessageCoordinator } from '../../../runtime/coordinator/types.js';
import type { ReadoutCase } from './cases.js';
import { pointOf, type Contender, type OperatingPoint } from './evaluate.js';

export const CONTENDER_NAMES = ['learned', 'bm25', 'embedding', 'recency', 'random', 'oracle'] as const;
export type ContenderName = (typeof CONTENDER_NAMES)[number];

/** Opens the learned coordinator with readout hops and an operating point (src/bench does not load models itself). */
export type OpenLearned = (runId: string, settings: { hops: number } & OperatingPoint) => Promise<MessageCoordinator>;

/** The readout settings of `hops` and a point. */
const settingsOf = (hops: number, point: OperatingPoint | undefined): { hops: number } & OperatingPoint => ({ hops, ...pointOf(point) });

/** The oracle of a case: it reads exactly the segments labelled needed. */
function caseOracle(c: ReadoutCase): Ranker {
  const texts = new Set(c.messages.flatMap((m) => m.segments.filter((s) => c.needed.has(s.id)).map((s) => s.text)));
  return oracleRanker((receiver, text) => receiver === c.receiver && texts.has(text));
}

/** Every contender with the same readout hops; each may be given its own operating point. */
export function contenders(names: readonly ContenderName[], hops: number, openLearned: OpenLearned): Contender[] {
  const embedding = names.includes('embedding') ? embeddingRanker() : undefined;
  const ranked = (name: string, rankerOf: (c: ReadoutCase) => Ranker): Contender => ({
    name,
    open: async (c, point) => new RankerCoordinator(rankerOf(c), settingsOf(hops, point)),
  });
  return names.map((name) => {
    switch (name) {
      case 'learned':
        return { name, open: (c, point) => openLearned(`eval-${c.id}`, settingsOf(hops, point)) };
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
