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
 * threshold. Returns each group's selection, in arrival order.
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
  for (let hop = 0; hop < options.hops && queries.length > 0; hop++) {
    const remaining = groups.map((group, g) => group.filter((slot) => !chosen[g]!.includes(slot)));
    const scored = await Promise.all(
      remaining.flatMap((slots) => (slots.length === 0 ? [] : queries.map(async (text) => ({ slots, scores: await score(text, slots) })))),
    );
    for (const { slots, scores } of scored) {
      slots.forEach((slot, i) => best.set(slot, Math.max(best.get(slot) ?? -Infinity, scores[i]!)));
    }
    const next = remaining.map((slots, g) => {
      const candidates = slots.map((slot) => ({ slot, score: best.get(slot)! }));
      return extendReadout(chosen[g]!, admit(hop + 1, candidates, chosen[g]!, options), options.budgetTokens, options.countTokens);
    });
    queries = next
      .flatMap((group, g) => group.filter((slot) => !chosen[g]!.includes(slot)))
      .sort((a, b) => a.slot - b.slot)
      .map((slot) => slot.text);
    chosen = next;
  }
  return chosen;
}

/** The candidates a hop may read: those the stop rule admits, or those above the threshold. */
function admit(hop: number, candidates: ScoredSlot[], chosen: readonly MemorySlot[], options: MultiHopOptions): ScoredSlot[] {
  if (!options.stop || candidates.length === 0) return candidates.filter((c) => c.score > options.threshold);
  const readTokens = chosen.length === 0 ? 0 : options.countTokens(renderReadout(chosen.map((s) => s.text)));
  const admitted = options.stop({ hop, candidates, readTokens, budgetTokens: options.budgetTokens });
  return candidates.filter((_, i) => admitted[i]);
}
