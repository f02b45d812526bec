import { calcPrice } from '@pydantic/genai-prices';
import { formatModelRef, type ModelRef } from '../../src/ir/model-ref.js';
import type { TokenUsage } from '../agents/agent.js';
import type { ProviderConfigFile } from './config.js';

/**
 * What a model's tokens cost, in US dollars. Prices come from @pydantic/genai-prices, a
 * maintained catalogue whose data ships inside the package: coord never asks it to update,
 * so runs stay offline and a run's cost depends only on the installed version. The config
 * file's `prices` (dollars per million tokens, keyed by "provider:model") win over it, and
 * price what it does not know, such as a model behind a named endpoint. A wrong or missing
 * price only changes reports, never budgets (those are tokens).
 */

/** Dollars for one turn's usage. */
export type Pricer = (usage: TokenUsage) => number;

/** The catalogue's provider id for each built-in provider that bills (a local Ollama does not). */
const CATALOGUE_PROVIDER: Record<string, string> = { openai: 'openai', anthropic: 'anthropic' };

/** The pricer for a model, or undefined when neither the config nor the catalogue prices it. */
export function pricerFor(ref: ModelRef, config: ProviderConfigFile = {}): Pricer | undefined {
  const key = formatModelRef(ref);
  const override = config.prices && Object.hasOwn(config.prices, key) ? config.prices[key] : undefined;
  if (override) return (usage) => (usage.input * override.input + usage.output * override.output) / 1_000_000;
  const providerId = CATALOGUE_PROVIDER[ref.provider];
  if (providerId === undefined || calcPrice({ input_tokens: 0, output_tokens: 0 }, ref.model, { providerId }) === null) return undefined;
  return (usage) => calcPrice({ input_tokens: usage.input, output_tokens: usage.output }, ref.model, { providerId })?.total_price ?? 0;
}

/** Dollars per million tokens, in and out, for notices; measured on a thousand tokens so that a tiered price shows its first tier. */
export function listPrice(ref: ModelRef, config: ProviderConfigFile = {}): { input: number; output: number } | undefined {
  const pricer = pricerFor(ref, config);
  if (pricer === undefined) return undefined;
  // Twelve significant digits: enough for any price, and no 0.15000000000000002 in a notice.
  const perMillion = (usage: TokenUsage) => Number((pricer(usage) * 1000).toPrecision(12));
  return { input: perMillion({ input: 1000, output: 0 }), output: perMillion({ input: 0, output: 1000 }) };
}
