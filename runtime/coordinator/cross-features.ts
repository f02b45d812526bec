/**
 * Query-aware features of each memory slot, the signals a strong ranker uses: lexical
 * match (BM25 over the receiver's memory, term and IDF coverage), numbers and names in
 * common, where the slot stands in time, whether a later slot revisits it or the same part
 * of the query, how it links to other slots (a slot sharing words the query lacks marks a
 * chain's next link, and inherits part of that slot's match with the query), what the rest
 * of its message says (its other sentences' match, a correction's cue, how many there are, whether
 * the slot is their best match), how much of the talk
 * about the query came before it, and words that mark corrections, superseded values, hard
 * constraints and soft wishes. They are all the coordinator's score graph reads. Training
 * gets them from this file (training/featurize.ts), so runs and training agree exactly; the
 * cue lists are English.
 *
 * Version CROSS_FEATURES_VERSION; changing any feature needs a new version and a retrained model.
 */
import { terms, withoutPossessive } from '../text/terms.js';

export const CROSS_FEATURES_VERSION = 9;

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
  'later_same_subject',
  'bridge',
  'follows_match',
  'precedes_match',
  'message_match',
  'after_match',
  'message_update',
  'message_size',
  'message_best',
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

/** One slot of memory as the features see it: its text and message, in arrival order. */
export interface FeatureSlot {
  text: string;
  /** The message the slot is a segment of, where known: its other segments' match is its context's. */
  message?: string;
}

/** What the features read from a query or a slot. */
interface Analysed {
  terms: string[];
  set: Set<string>;
  numbers: Set<string>;
  names: Set<string>;
}

/** A slot's analysis, with what only slots need: term counts and its cue words. */
interface AnalysedSlot extends Analysed {
  text: string;
  /** Each term's count in `terms`. */
  tf: Map<string, number>;
  update: boolean;
  old: boolean;
  constraint: boolean;
  soft: boolean;
}

function analyse(text: string): Analysed {
  const ts = terms(text);
  return {
    terms: ts,
    set: new Set(ts),
    numbers: new Set(text.match(NUMBER) ?? []),
    names: new Set((text.match(NAME) ?? []).map((n) => withoutPossessive(n.toLowerCase()))),
  };
}

/** A slot's analysis depends on its text alone; a memory is scored hop after hop, so each slot is analysed once. */
const analysed = new WeakMap<FeatureSlot, AnalysedSlot>();

function analysedSlot(slot: FeatureSlot): AnalysedSlot {
  const cached = analysed.get(slot);
  if (cached?.text === slot.text) return cached;
  const base = analyse(slot.text);
  const tf = new Map<string, number>();
  for (const w of base.terms) tf.set(w, (tf.get(w) ?? 0) + 1);
  const text = slot.text;
  const a = { ...base, text, tf, update: UPDATE.test(text), old: OLD.test(text), constraint: CONSTRAINT.test(text), soft: SOFT.test(text) };
  analysed.set(slot, a);
  return a;
}

/**
 * Features of `candidates` (indices into `memory`, which is every slot of the channel in
 * arrival order) against `query`: CROSS_FEATURES numbers per candidate, row after row.
 */
export function crossFeatures(query: string, memory: readonly FeatureSlot[], candidates: readonly number[]): Float32Array {
  const docs = memory.map(analysedSlot);
  const q = analyse(query);
  const n = docs.length;
  const df = new Map<string, number>();
  // Which slots hold each term (in arrival order): later overlaps come from these, not from every pair.
  const holders = new Map<string, number[]>();
  docs.forEach((d, j) => {
    for (const w of d.set) {
      df.set(w, (df.get(w) ?? 0) + 1);
      const list = holders.get(w);
      if (list) list.push(j);
      else holders.set(w, [j]);
    }
  });
  // Once per term of the memory: every candidate's shared-term sums read it.
  const idfOf = new Map<string, number>();
  for (const [w, f] of df) idfOf.set(w, Math.log(1 + (n - f + 0.5) / (f + 0.5)));
  const idf = (w: string) => idfOf.get(w) ?? Math.log(1 + (n + 0.5) / 0.5);
  const avgLength = docs.reduce((a, d) => a + d.terms.length, 0) / Math.max(1, n);
  const bm25 = docs.map((d) => {
    let score = 0;
    for (const w of q.set) {
      const tf = d.tf.get(w) ?? 0;
      if (tf === 0) continue;
      score += (idf(w) * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.terms.length) / Math.max(1, avgLength)));
    }
    return score;
  });
  const best = Math.max(0, ...bm25);
  const queryIdf = [...q.set].reduce((a, w) => a + idf(w), 0);

  const out = new Float32Array(candidates.length * CROSS_FEATURES);
  const shared = new Int32Array(n);
  const bridged = new Float64Array(n);
  const sameSubject = new Float64Array(n);
  // Each slot's BM25 as a share of the best slot's: its own feature, what a slot linked to it inherits,
  // and what the message and position features sum.
  const relative = bm25.map((b) => (best > 0 ? b / best : 0));
  // The query's match summed over the memory so far, slot by slot: what share of the talk about the
  // question came before a slot (a correction or a relay's last word comes after it).
  const matchBefore = new Float64Array(n + 1);
  relative.forEach((r, j) => (matchBefore[j + 1] = matchBefore[j]! + r));
  // Each message's segments, for the features a slot takes from the rest of its message.
  const segmentsOf = new Map<string, number[]>();
  memory.forEach(({ message }, j) => {
    if (message === undefined) return;
    const list = segmentsOf.get(message);
    if (list) list.push(j);
    else segmentsOf.set(message, [j]);
  });
  candidates.forEach((i, row) => {
    const d = docs[i]!;
    let sharedTerms = 0;
    let sharedIdf = 0;
    for (const w of q.set) {
      if (!d.set.has(w)) continue;
      sharedTerms++;
      sharedIdf += idf(w);
    }
    // Through the holders of d's terms, per other slot: the terms in common (later slots, for the Jaccard
    // overlap), and the IDF of those it shares on the query's terms (later slots) and off them (any slot).
    shared.fill(0);
    bridged.fill(0);
    sameSubject.fill(0);
    let ownIdf = 0;
    for (const w of d.set) {
      const weight = idf(w);
      const inQuery = q.set.has(w);
      if (!inQuery) ownIdf += weight;
      for (const j of holders.get(w)!) {
        if (j > i) {
          shared[j]!++;
          if (inQuery) sameSubject[j]! += weight;
        }
        if (j === i || inQuery) continue;
        bridged[j]! += weight;
      }
    }
    // A slot linked (by words the query lacks) to one that matches the query inherits that match, in the
    // share of this slot's own IDF the link carries: from an earlier slot, as a correction ("It's L24-113")
    // or a chain's next link does; from a later one, as a first link or a value corrected later does.
    let bridge = 0;
    let followsMatch = 0;
    let precedesMatch = 0;
    for (let j = 0; j < n; j++) {
      bridge = Math.max(bridge, bridged[j]!);
      if (bridged[j] === 0) continue;
      const inherited = relative[j]! * (bridged[j]! / ownIdf);
      if (j < i) followsMatch = Math.max(followsMatch, inherited);
      else precedesMatch = Math.max(precedesMatch, inherited);
    }
    let laterOverlap = 0;
    let laterCorrection = 0;
    let laterSameSubject = 0;
    for (let j = i + 1; j < n; j++) {
      laterSameSubject = Math.max(laterSameSubject, sameSubject[j]!);
      const common = shared[j]!;
      if (common === 0) continue;
      const overlap = common / (d.set.size + docs[j]!.set.size - common);
      laterOverlap = Math.max(laterOverlap, overlap);
      if (docs[j]!.update) laterCorrection = Math.max(laterCorrection, overlap);
    }
    // The best match among the other segments of the slot's message: a sentence that continues one about the
    // query ("Raised it as WJ-4471") matches through its message, not its own words.
    let messageMatch = 0;
    let messageUpdate = 0;
    const own = memory[i]!.message;
    for (const j of own === undefined ? [] : segmentsOf.get(own)!) {
      if (j === i) continue;
      messageMatch = Math.max(messageMatch, relative[j]!);
      if (docs[j]!.update) messageUpdate = 1;
    }
    // How long the slot's message is, and whether the slot is its best match: in a one-line note the rest of the
    // message continues the fact, in a six-sentence one it is mostly other topics.
    const messageSegments = own === undefined ? 1 : segmentsOf.get(own)!.length;
    const namesFound = [...q.names].filter((x) => d.names.has(x) || d.set.has(x)).length;
    const values = [
      Math.log1p(bm25[i]!),
      relative[i]!,
      q.set.size > 0 ? sharedTerms / q.set.size : 0,
      queryIdf > 0 ? sharedIdf / queryIdf : 0,
      [...q.numbers].some((x) => d.numbers.has(x)) ? 1 : 0,
      d.numbers.size > 0 ? 1 : 0,
      q.names.size > 0 ? namesFound / q.names.size : 0,
      n > 1 ? (n - 1 - i) / (n - 1) : 0,
      i === n - 1 ? 1 : 0,
      laterOverlap,
      laterCorrection,
      // A later slot about the same part of the query (what a chain of relays or a correction repeats).
      sharedIdf > 0 ? laterSameSubject / sharedIdf : 0,
      Math.log1p(bridge),
      followsMatch,
      precedesMatch,
      messageMatch,
      matchBefore[n]! > 0 ? matchBefore[i]! / matchBefore[n]! : 0,
      messageUpdate,
      Math.log(messageSegments) / 2,
      relative[i]! > 0 && relative[i]! >= messageMatch ? 1 : 0,
      d.update ? 1 : 0,
      d.old ? 1 : 0,
      d.constraint ? 1 : 0,
      d.soft ? 1 : 0,
      Math.log1p(d.terms.length) / 4,
    ];
    out.set(values, row * CROSS_FEATURES);
  });
  return out;
}
