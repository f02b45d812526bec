import type { Agent } from '../../src/ir/schema.js';
import { BytePairEncoder } from './bpe.js';
import { readTable } from './bpe-table.js';

// Each encoding's table (written by build/token-tables.js beside this module) is read on first
// use, so a run reads only the encodings its agents count with, and a command that counts
// nothing, none. The URLs are written out whole so that the build finds and copies the files.
const TABLES = {
  o200k_base: () => new URL('./o200k_base.bpe', import.meta.url),
  cl100k_base: () => new URL('./cl100k_base.bpe', import.meta.url),
};
export type EncodingName = keyof typeof TABLES;

const encoders = new Map<EncodingName, BytePairEncoder>();

/** The encoder behind O200K or CL100K (its ids, for whoever needs more than counts), its table read on first use. */
export function bytePairEncoder(name: EncodingName): BytePairEncoder {
  let encoder = encoders.get(name);
  if (!encoder) encoders.set(name, (encoder = new BytePairEncoder(readTable(TABLES[name]()))));
  return encoder;
}

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

/** Text is counted as ordinary text: a special token's text (`<|endoftext|>`) is counted as the characters it is. */
function bpe(name: EncodingName): Tokenizer {
  return {
    name,
    exact: true,
    load: () => void bytePairEncoder(name),
    count: (text) => (text.length === 0 ? 0 : bytePairEncoder(name).count(text)),
    truncate: (text, limit) => bytePairEncoder(name).prefix(text, limit),
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
