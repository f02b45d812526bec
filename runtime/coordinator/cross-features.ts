/**
 * Query-aware features of each memory slot, the signals a strong ranker uses: lexical
 * match (BM25 over the receiver's memory, term and IDF coverage), numbers and names in
 * common, where the slot stands in time, whether a later slot revisits it, and words that
 * mark corrections, superseded values, hard constraints and soft wishes. The coordinator's
 * score graph takes them beside its learned vectors. Training gets them from this file
 * (training/featurize.ts), so runs and training agree exactly; the cue lists are English.
 *
 * Version CROSS_FEATURES_VERSION; changing any feature needs a new version and a retrained model.
 */
import { terms } from '../text/terms.js';

export const CROSS_FEATURES_VERSION = 1;

export const CROSS_FEATURE_NAMES = [
  'bm25_log',
  'bm25_relative',
  'term_coverage',
  'idf_coverage',
  'number_shared',
  'has_number',
  'name_coverage',
  'age',
  'is_latest',
  'later_overlap',
  'later_correction',
  'cue_update',
  'cue_old',
  'cue_constraint',
  'cue_soft',
  'length',
] as const;
export const CROSS_FEATURES = CROSS_FEATURE_NAMES.length;

const UPDATE = /\b(actually|correction|corrected|scratch|sorry|update|updated|now|moved|instead|no longer|changed|change|new|as of|rescheduled|replaced|replacing|cancel(?:l?ed)?|revised|latest|typo|switched|swapped|bumped|pushed|final)\b/i;
const OLD = /\b(used to|was|were|originally|previously|old|before|earlier|initially|last week|had been|formerly)\b/i;
const CONSTRAINT = /(\b(can't|cannot|can not|must|only|never|won't|at most|at least|max|maximum|minimum|required|requires|need|needs|has to|have to|limit|capped|cap|no more than|not|no)\b|n't\b)/i;
const SOFT = /\b(prefer|preferably|rather|ideally|nice|like|fancy|maybe|if possible|slightly|keen|happy to|either way|don't mind|would love)\b/i;
const NUMBER = /\p{N}+(?:[.:,]\p{N}+)*/gu;
const NAME = /(?<![.!?]\s|^)\b\p{Lu}[\p{L}\p{N}'-]*/gu;

/** One slot of memory as the features see it: its text, in arrival order. */
export interface FeatureSlot {
  text: string;
}

interface Analysed {
  terms: string[];
  set: Set<string>;
  numbers: Set<string>;
  names: Set<string>;
}

function analyse(text: string): Analysed {
  const ts = terms(text);
  return {
    terms: ts,
    set: new Set(ts),
    numbers: new Set(text.match(NUMBER) ?? []),
    names: new Set((text.match(NAME) ?? []).map((n) => n.toLowerCase())),
  };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Features of `candidates` (indices into `memory`, which is every slot of the channel in
 * arrival order) against `query`: CROSS_FEATURES numbers per candidate, row after row.
 */
export function crossFeatures(query: string, memory: readonly FeatureSlot[], candidates: readonly number[]): Float32Array {
  const docs = memory.map((s) => analyse(s.text));
  const q = analyse(query);
  const n = docs.length;
  const df = new Map<string, number>();
  for (const d of docs) for (const w of d.set) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w: string) => {
    const f = df.get(w) ?? 0;
    return Math.log(1 + (n - f + 0.5) / (f + 0.5));
  };
  const avgLength = docs.reduce((a, d) => a + d.terms.length, 0) / Math.max(1, n);
  const bm25 = docs.map((d) => {
    let score = 0;
    for (const w of q.set) {
      const tf = d.terms.filter((x) => x === w).length;
      if (tf === 0) continue;
      score += (idf(w) * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.terms.length) / Math.max(1, avgLength)));
    }
    return score;
  });
  const best = Math.max(0, ...bm25);
  const queryIdf = [...q.set].reduce((a, w) => a + idf(w), 0);
  const update = memory.map((s) => UPDATE.test(s.text));

  const out = new Float32Array(candidates.length * CROSS_FEATURES);
  candidates.forEach((i, row) => {
    const d = docs[i]!;
    let shared = 0;
    let sharedIdf = 0;
    for (const w of q.set) {
      if (!d.set.has(w)) continue;
      shared++;
      sharedIdf += idf(w);
    }
    let laterOverlap = 0;
    let laterCorrection = 0;
    for (let j = i + 1; j < n; j++) {
      const overlap = jaccard(d.set, docs[j]!.set);
      laterOverlap = Math.max(laterOverlap, overlap);
      if (update[j]) laterCorrection = Math.max(laterCorrection, overlap);
    }
    const namesFound = [...q.names].filter((x) => d.names.has(x) || d.set.has(x)).length;
    const text = memory[i]!.text;
    const values = [
      Math.log1p(bm25[i]!),
      best > 0 ? bm25[i]! / best : 0,
      q.set.size > 0 ? shared / q.set.size : 0,
      queryIdf > 0 ? sharedIdf / queryIdf : 0,
      [...q.numbers].some((x) => d.numbers.has(x)) ? 1 : 0,
      d.numbers.size > 0 ? 1 : 0,
      q.names.size > 0 ? namesFound / q.names.size : 0,
      n > 1 ? (n - 1 - i) / (n - 1) : 0,
      i === n - 1 ? 1 : 0,
      laterOverlap,
      laterCorrection,
      update[i] ? 1 : 0,
      OLD.test(text) ? 1 : 0,
      CONSTRAINT.test(text) ? 1 : 0,
      SOFT.test(text) ? 1 : 0,
      Math.log1p(d.terms.length) / 4,
    ];
    out.set(values, row * CROSS_FEATURES);
  });
  return out;
}
