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
  return extendReadout([], scored, budgetTokens, countTokens, threshold);
}

/** `selectReadout`, starting from slots already chosen (which stay, and count against the budget). */
function extendReadout(
  chosen: readonly MemorySlot[],
  scored: readonly ScoredSlot[],
  budgetTokens: number,
  countTokens: (text: string) => number,
  threshold: number,
): MemorySlot[] {
  const ranked = scored
    .filter((s) => s.score > threshold)
    .sort((a, b) => b.score - a.score || a.slot.slot - b.slot.slot);
  let out = [...chosen];
  for (const { slot } of ranked) {
    const trial = [...out, slot].sort((a, b) => a.slot - b.slot);
    if (countTokens(renderReadout(trial.map((s) => s.text))) <= budgetTokens) out = trial;
  }
  return out;
}

/** The model's logits for `slots` (one group's, in its order) against a query text. */
export type HopScorer = (query: string, slots: readonly MemorySlot[]) => Promise<ArrayLike<number>>;

export interface MultiHopOptions {
  /** Scoring rounds, at least 1; 1 is single-shot `selectReadout`. */
  hops: number;
  /** Readout budget of each group (the runtime re-counts and cuts anything over). */
  budgetTokens: number;
  countTokens: (text: string) => number;
  threshold: number;
}

/** The query of the next hop: the receiver's query, then what has been selected so far, in arrival order. */
export function expandQuery(query: string, selected: readonly MemorySlot[]): string {
  return [query, ...[...selected].sort((a, b) => a.slot - b.slot).map((s) => s.text)].join('\n');
}

/**
 * Multi-hop readout over a receiver's memory, grouped by channel (readout budgets are per
 * channel). Hop 1 is `selectReadout` on every group against `query`. Each later hop appends
 * the text of everything selected so far to the query, re-scores the slots not yet selected,
 * and adds those above the threshold that still fit their group's budget, so a fact that shares
 * no word with the question ("The Harbor Lab is in Tilden.") can be reached through one that
 * does ("Mara works at the Harbor Lab."). Stops after `hops` rounds or when a round adds
 * nothing. Returns each group's selection, in arrival order.
 */
export async function selectMultiHop(
  groups: readonly (readonly MemorySlot[])[],
  query: string,
  score: HopScorer,
  options: MultiHopOptions,
): Promise<MemorySlot[][]> {
  let chosen: MemorySlot[][] = groups.map(() => []);
  for (let hop = 0; hop < options.hops; hop++) {
    const text = hop === 0 ? query : expandQuery(query, chosen.flat());
    const remaining = groups.map((group, g) => group.filter((slot) => !chosen[g]!.includes(slot)));
    const scores = await Promise.all(remaining.map((slots) => (slots.length === 0 ? [] : score(text, slots))));
    const next = remaining.map((slots, g) =>
      extendReadout(
        chosen[g]!,
        slots.map((slot, i) => ({ slot, score: scores[g]![i]! })),
        options.budgetTokens,
        options.countTokens,
        options.threshold,
      ),
    );
    const added = next.some((group, g) => group.length > chosen[g]!.length);
    chosen = next;
    if (!added) break;
  }
  return chosen;
}
