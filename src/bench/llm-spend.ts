import { listPrice } from '../../runtime/providers/prices.js';
import type { ModelRef } from './llm-agents.js';
import type { RunRecord } from './metrics.js';

/** What a bench with LLM agents costs: said before the first call, and totalled for results.json. */

/** The line that says, before the first call, that the bench spends money and how many runs it makes. */
export function spendingNotice(model: ModelRef, runs: number): string {
  const price = listPrice(model);
  const rate = price ? `list price $${price.input} in / $${price.output} out per million tokens` : 'no list price known to coord, so no cost will be reported';
  return (
    `coord bench: ${runs} runs with LLM agents on ${model.provider}:${model.model} — every agent turn is a call to the provider; ` +
    `on a paid API this spends real money (${rate}). Stop with Ctrl-C.\n`
  );
}

/** The model's usage over every run, and its cost where the price is known, for results.json. */
export function llmTotals(model: ModelRef, records: readonly RunRecord[]) {
  const usage = { input: 0, output: 0 };
  for (const r of records) {
    usage.input += r.usage?.input ?? 0;
    usage.output += r.usage?.output ?? 0;
  }
  const price = listPrice(model);
  const cost = records.reduce((sum, r) => sum + (r.cost ?? 0), 0);
  return { ...model, usage, ...(price ? { price, cost } : {}) };
}
