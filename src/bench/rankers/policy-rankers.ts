import type { PolicyName } from '../policies.js';
import { isNeeded, type TaskInstance } from '../task.js';
import { bm25 } from './bm25.js';
import { oracleRanker, randomRanker, recencyRanker } from './chance.js';
import { embeddingRanker } from './embedding.js';
import type { Ranker } from './ranker.js';

let embedding: Ranker | undefined;

/** The ranker of a baseline policy for one run (random is seeded by the run, the oracle knows the task). */
export function rankerFor(policy: PolicyName, instance: TaskInstance, runId: string): Ranker {
  switch (policy) {
    case 'bm25':
      return bm25;
    case 'embedding':
      return (embedding ??= embeddingRanker());
    case 'recency':
      return recencyRanker;
    case 'random':
      return randomRanker(runId);
    case 'oracle':
      return oracleRanker((receiver, text) => isNeeded(instance, receiver, text));
    default:
      throw new Error(`policy ${policy} has no ranker`);
  }
}
