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
  const ranked = scored
    .filter((s) => s.score > threshold)
    .sort((a, b) => b.score - a.score || a.slot.slot - b.slot.slot);
  const chosen: MemorySlot[] = [];
  for (const { slot } of ranked) {
    const trial = [...chosen, slot].sort((a, b) => a.slot - b.slot);
    if (countTokens(renderReadout(trial.map((s) => s.text))) <= budgetTokens) chosen.splice(0, chosen.length, ...trial);
  }
  return chosen;
}
