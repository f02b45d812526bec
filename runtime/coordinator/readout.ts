import type { MemorySlot } from './memory.js';

export interface ScoredSlot {
  slot: MemorySlot;
  /** Relevance logit from the model; above the manifest's threshold means "needed". */
  score: number;
}

/** How a readout is rendered for an LLM receiver: one segment per line, in arrival order. */
export function renderReadout(texts: readonly string[]): string {
  return texts.join('\n');
}

/**
 * Picks what a receiver reads: slots the model scores as needed (above `threshold`), most
 * relevant first, each taken only if the rendered readout still fits the budget (a slot
 * that does not fit is skipped, so a smaller later one can still go in). The result is in
 * arrival order, the order the receiver should read it.
 */
export function selectReadout(
  scored: readonly ScoredSlot[],
  budgetTokens: number,
  countTokens: (text: string) => number,
  threshold = 0,
): MemorySlot[] {
  return extendReadout([], scored.filter((s) => s.score > threshold), budgetTokens, countTokens);
}

/** Adds `admitted` slots, most relevant first, to those already chosen (which stay, and count against the budget). */
function extendReadout(
  chosen: readonly MemorySlot[],
  admitted: readonly ScoredSlot[],
  budgetTokens: number,
  countTokens: (text: string) => number,
): MemorySlot[] {
  const ranked = [...admitted].sort((a, b) => b.score - a.score || a.slot.slot - b.slot.slot);
  let out = [...chosen];
  for (const { slot } of ranked) {
    const trial = [...out, slot].sort((a, b) => a.slot - b.slot);
    if (countTokens(renderReadout(trial.map((s) => s.text))) <= budgetTokens) out = trial;
  }
  return out;
}

/** The model's logits for `slots` (one group's, in its order) against a query text. */
export type HopScorer = (query: string, slots: readonly MemorySlot[]) => Promise<ArrayLike<number>>;

/** What a stop rule sees at one hop of one group's readout. */
export interface HopView {
  /** 1 for the receiver's own query, h for the h-th round. */
  hop: number;
  /** The group's slots not yet selected, each with its best score over every query so far. */
  candidates: readonly ScoredSlot[];
  /** Tokens of the group's readout so far, rendered. */
  readTokens: number;
  budgetTokens: number;
}

/**
 * Which of a hop's candidates may be read (one boolean per candidate): a per-query stop, in
 * place of one global threshold (coordbench's is src/bench/readout-eval/stop-model.ts). The budget still caps what is kept.
 */
export type StopRule = (view: HopView) => readonly boolean[];

export interface MultiHopOptions {
  /** Scoring rounds, at least 1; 1 is single-shot `selectReadout`. */
  hops: number;
  /** Readout budget of each group (the runtime re-counts and cuts anything over). */
  budgetTokens: number;
  countTokens: (text: string) => number;
  /** A slot is read only when its score is above this, unless `stop` decides. */
  threshold: number;
  stop?: StopRule;
  /**
   * How many slots each query may add at a hop before the last (its own best-scoring, above the
   * threshold, across the groups); once the hops are done, what budget is left is filled in
   * best-score order. Absent: no limit, so hop 1 can spend the whole budget before a chain's
   * second link is ever asked for.
   */
  perQuery?: number;
}

/**
 * Multi-hop readout over a receiver's memory, grouped by channel (readout budgets are per
 * channel). Hop 1 is `selectReadout` on every group against the receiver's `query`. Each
 * later hop takes the text of every slot the previous hop added as a query of its own,
 * scores the slots not yet selected against it, keeps each slot's best score over all the
 * queries so far, and adds those above the threshold that still fit their group's budget. So
 * a fact that shares no word with the question ("The Harbor Lab is in Tilden.") is reached
 * through one that does ("Mara works at the Harbor Lab."). Stops after `hops` rounds or when
 * a round adds nothing. A `stop` rule, when given, decides what each hop admits instead of the
 * threshold. With `perQuery`, each query of a hop before the last admits only its own top slots,
 * and the budget left after the hops is filled in best-score order. Returns each group's
 * selection, in arrival order.
 */
export async function selectMultiHop(
  groups: readonly (readonly MemorySlot[])[],
  query: string,
  score: HopScorer,
  options: MultiHopOptions,
): Promise<MemorySlot[][]> {
  let chosen: MemorySlot[][] = groups.map(() => []);
  const best = new Map<MemorySlot, number>();
  let queries = [query];
  const limited = options.perQuery !== undefined;
  for (let hop = 0; hop < options.hops && queries.length > 0; hop++) {
    const remaining = groups.map((group, g) => group.filter((slot) => !chosen[g]!.includes(slot)));
    const scored = await Promise.all(
      remaining.flatMap((slots) => (slots.length === 0 ? [] : queries.map(async (text, q) => ({ q, slots, scores: await score(text, slots) })))),
    );
    for (const { slots, scores } of scored) {
      slots.forEach((slot, i) => best.set(slot, Math.max(best.get(slot) ?? -Infinity, scores[i]!)));
    }
    const allowed = limited && hop < options.hops - 1 ? topPerQuery(scored, options.perQuery!, options.threshold) : undefined;
    const next = remaining.map((slots, g) => {
      const candidates = slots.filter((slot) => !allowed || allowed.has(slot)).map((slot) => ({ slot, score: best.get(slot)! }));
      return extendReadout(chosen[g]!, admit(hop + 1, candidates, chosen[g]!, options), options.budgetTokens, options.countTokens);
    });
    queries = next
      .flatMap((group, g) => group.filter((slot) => !chosen[g]!.includes(slot)))
      .sort((a, b) => a.slot - b.slot)
      .map((slot) => slot.text);
    chosen = next;
  }
  if (!limited) return chosen;
  return groups.map((group, g) => {
    const candidates = group.filter((slot) => !chosen[g]!.includes(slot) && best.has(slot)).map((slot) => ({ slot, score: best.get(slot)! }));
    return extendReadout(chosen[g]!, admit(options.hops, candidates, chosen[g]!, options), options.budgetTokens, options.countTokens);
  });
}

/** Each query's own `k` best slots above the threshold, over every group it was scored on. */
function topPerQuery(scored: readonly { q: number; slots: readonly MemorySlot[]; scores: ArrayLike<number> }[], k: number, threshold: number): Set<MemorySlot> {
  const allowed = new Set<MemorySlot>();
  for (const group of Map.groupBy(scored, (x) => x.q).values()) {
    const ranked = group
      .flatMap(({ slots, scores }) => slots.map((slot, i) => ({ slot, score: scores[i]! })))
      .filter((x) => x.score > threshold)
      .sort((a, b) => b.score - a.score || a.slot.slot - b.slot.slot);
    for (const { slot } of ranked.slice(0, k)) allowed.add(slot);
  }
  return allowed;
}

/** The candidates a hop may read: those the stop rule admits, or those above the threshold. */
function admit(hop: number, candidates: ScoredSlot[], chosen: readonly MemorySlot[], options: MultiHopOptions): ScoredSlot[] {
  if (!options.stop || candidates.length === 0) return candidates.filter((c) => c.score > options.threshold);
  const readTokens = chosen.length === 0 ? 0 : options.countTokens(renderReadout(chosen.map((s) => s.text)));
  const admitted = options.stop({ hop, candidates, readTokens, budgetTokens: options.budgetTokens });
  return candidates.filter((_, i) => admitted[i]);
}
