import { fnv1a32 } from '../../../runtime/coordinator/features.js';
import type { Ranker } from './ranker.js';

/**
 * Random at equal tokens: every slot gets a score drawn from a hash of (seed, message, segment),
 * so a run is repeatable and a slot keeps its score across hops. Threshold −∞: it reads in a
 * random order until the budget is full, the floor any ranker must beat at the same tokens.
 */
export function randomRanker(seed: string): Ranker {
  return {
    name: 'random',
    threshold: -Infinity,
    score: (_query, slots) => slots.map((slot) => fnv1a32(`${seed}\u0000${slot.message}\u0000${slot.index}`) / 2 ** 32),
  };
}

/** Recency: the last slots written first (what "show the latest messages" does). Threshold −∞. */
export const recencyRanker: Ranker = {
  name: 'recency',
  threshold: -Infinity,
  score: (_query, slots) => slots.map((slot) => slot.slot),
};

/**
 * The oracle: reads exactly what the receiver needs (a task's labels), scoring 1 for needed
 * and −1 otherwise. The ceiling for any readout under the same budget, never a stand-in.
 */
export function oracleRanker(needs: (receiver: string, text: string) => boolean): Ranker {
  return {
    name: 'oracle',
    threshold: 0,
    score: (_query, slots, receiver) => slots.map((slot) => (needs(receiver, slot.text) ? 1 : -1)),
  };
}
