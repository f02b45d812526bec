import { createRequire } from 'node:module';
import type * as Encoding from 'gpt-tokenizer/encoding/o200k_base';
import type { Agent } from '../../src/ir/schema.js';

type Encoding = typeof Encoding;

// Each encoding's tables take tens of milliseconds to load: loaded on first use, so a run
// loads only the encodings its agents count with, and a command that counts nothing, none.
const require = createRequire(import.meta.url);
const lazyEncoding = (name: 'o200k_base' | 'cl100k_base'): (() => Encoding) => {
  let loaded: Encoding | undefined;
  return () => (loaded ??= require(`gpt-tokenizer/encoding/${name}`) as Encoding);
};

/** Counts and cuts text in one model's tokens. */
export interface Tokenizer {
  /** What this count is, for reports: a real encoding, or the declared approximation. */
  readonly name: string;
  readonly exact: boolean;
  count(text: string): number;
  /** The longest prefix of `text` that fits in `limit` tokens. */
  truncate(text: string, limit: number): string;
  /** Loads its tables now instead of at the first count, at a moment when nothing else waits. */
  load(): void;
}

function bpe(name: 'o200k_base' | 'cl100k_base'): Tokenizer {
  const encoding = lazyEncoding(name);
  return {
    name,
    exact: true,
    load: () => void encoding(),
    count: (text) => (text.length === 0 ? 0 : encoding().countTokens(text)),
    truncate(text, limit) {
      if (limit <= 0) return '';
      const ids = encoding().encode(text);
      if (ids.length <= limit) return text;
      // Cutting a multi-byte character in half yields U+FFFD; step back until the prefix is clean.
      for (let n = limit; n > 0; n--) {
        const prefix = encoding().decode(ids.slice(0, n));
        if (!prefix.includes('\uFFFD') || text.startsWith(prefix)) return prefix;
      }
      return '';
    },
  };
}

export const O200K = bpe('o200k_base');
export const CL100K = bpe('cl100k_base');

/**
 * The declared approximation for models whose tokenizer coord does not ship
 * (Anthropic, Ollama, unknown OpenAI-compatible servers): o200k_base plus 15%,
 * rounded up, so that budgets err on the safe side. Provider-reported usage
 * reconciles it after each call.
 */
export const APPROXIMATE: Tokenizer = {
  name: 'approx(o200k_base×1.15)',
  exact: false,
  load: () => O200K.load(),
  count: (text) => Math.ceil(O200K.count(text) * 1.15),
  truncate: (text, limit) => O200K.truncate(text, Math.floor(limit / 1.15)),
};

/** What an agent's messages are counted in: its model's tokenizer for an LLM agent, the approximation for a function agent. */
export function tokenizerOfAgent(agent: Agent | undefined): Tokenizer {
  return agent?.kind === 'llm' ? tokenizerFor(agent.provider, agent.model) : APPROXIMATE;
}

/** The tokenizer for "provider:model": exact for OpenAI models, the approximation otherwise. */
export function tokenizerFor(provider: string | undefined, model: string | undefined): Tokenizer {
  if (provider !== 'openai' || !model) return APPROXIMATE;
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d|chatgpt-4o)/.test(model)) return O200K;
  if (/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada)/.test(model)) return CL100K;
  return APPROXIMATE;
}
