import type { TokenUsage } from '../agents/agent.js';

/**
 * List prices in US dollars per million tokens, standard tier, no caching or batch discount.
 * Source: the providers' public pricing pages (openai.com/api/pricing,
 * anthropic.com/pricing), as of 2025-11. Prices change: a model missing here simply has no
 * cost in reports, and a wrong price only changes reports, never budgets (those are tokens).
 */
export interface Price {
  input: number;
  output: number;
}

const PRICES: Record<string, Record<string, Price>> = {
  openai: {
    'gpt-5': { input: 1.25, output: 10 },
    'gpt-5-mini': { input: 0.25, output: 2 },
    'gpt-5-nano': { input: 0.05, output: 0.4 },
    'gpt-4.1': { input: 2, output: 8 },
    'gpt-4.1-mini': { input: 0.4, output: 1.6 },
    'gpt-4.1-nano': { input: 0.1, output: 0.4 },
    'gpt-4o': { input: 2.5, output: 10 },
    'gpt-4o-mini': { input: 0.15, output: 0.6 },
    'o3': { input: 2, output: 8 },
    'o4-mini': { input: 1.1, output: 4.4 },
  },
  anthropic: {
    'claude-opus-4-1': { input: 15, output: 75 },
    'claude-opus-4-5': { input: 5, output: 25 },
    'claude-sonnet-4-5': { input: 3, output: 15 },
    'claude-sonnet-4': { input: 3, output: 15 },
    'claude-haiku-4-5': { input: 1, output: 5 },
    'claude-3-5-haiku': { input: 0.8, output: 4 },
  },
};

/** A dated snapshot or alias of a listed model: "-2024-07-18", "-20250929", "-latest". */
const SNAPSHOT_SUFFIX = /^-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/;

/** The price of "provider:model", its dated snapshots included; undefined for anything else. */
export function priceOf(provider: string, model: string): Price | undefined {
  const table = PRICES[provider];
  if (!table) return undefined;
  if (Object.hasOwn(table, model)) return table[model];
  const name = Object.keys(table).find((listed) => model.startsWith(listed) && SNAPSHOT_SUFFIX.test(model.slice(listed.length)));
  return name === undefined ? undefined : table[name];
}

/** Dollars for `usage` at `price`. */
export function costOf(usage: TokenUsage, price: Price): number {
  return (usage.input * price.input + usage.output * price.output) / 1_000_000;
}
