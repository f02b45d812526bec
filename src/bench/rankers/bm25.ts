import MiniSearch from 'minisearch';
import type { Ranker } from './ranker.js';
import { terms } from '../../../runtime/text/terms.js';

/**
 * BM25 from MiniSearch (BM25+, its default k1 1.2, b 0.7, d 0.5), the index built over the
 * slots being scored, so term statistics are those of the receiver's own memory. Exact terms
 * only (no prefix or fuzzy match), OR of the query's terms. Threshold 0: a slot sharing no
 * term with the query is not read.
 */
export const bm25: Ranker = {
  name: 'bm25',
  threshold: 0,
  score(query, slots) {
    const index = new MiniSearch<{ id: number; text: string }>({
      fields: ['text'],
      tokenize: (text) => terms(text),
      processTerm: (term) => term,
    });
    index.addAll(slots.map((slot, i) => ({ id: i, text: slot.text })));
    const scores = new Array<number>(slots.length).fill(0);
    for (const hit of index.search(query, { combineWith: 'OR' })) scores[hit.id as number] = hit.score;
    return scores;
  },
};
