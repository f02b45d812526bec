import { parseModelRef } from '../../src/ir/model-ref.js';
import type { LlmAgent } from '../../src/ir/schema.js';
import type { AgentRunner, TokenUsage } from '../agents/agent.js';
import { segmentText } from '../text/segment.js';
import type { Tokenizer } from '../tokens/tokenizer.js';
import { squeezeToBudget, type BudgetSqueezeResult } from './budget.js';
import type { SqueezeLevel } from './squeeze.js';
import { lostSpans, type LostSpan } from './verify.js';

export interface RewriteOptions {
  /** "provider:model" of the rewriting LLM (the channel's `via`). */
  via: string;
  /** Runs one turn of that model; injected by the runtime so this module never touches providers. */
  runner: AgentRunner;
  tokenizer: Tokenizer;
  /** Fraction of the original tokens to aim for, in (0, 1]. */
  target?: number;
  /** Hard limit in tokens; Infinity for none. */
  limitTokens?: number;
  /** Level the rule-based fallback starts at. Default 2. */
  level?: SqueezeLevel;
  keep?: readonly string[];
  runId?: string;
  channel?: string;
  from?: string;
  signal?: AbortSignal;
}

export type RewriteFallbackReason = 'error' | 'empty' | 'over-budget' | 'not-shorter' | 'lost-spans';

export interface RewriteResult extends BudgetSqueezeResult {
  /** "llm:<provider:model>" when the rewrite was used; the rule-based method when it fell back. */
  method: string;
  /** Tokens to charge to the channel for the rewrite call (the runner's `charged`, else its `usage`), whether or not its text was used. */
  usage: TokenUsage;
  fallback?: { reason: RewriteFallbackReason; detail: string; lost?: LostSpan[] };
}

const DEFAULT_FALLBACK_LEVEL: SqueezeLevel = 2;

function instruction(goal: number): string {
  return [
    'You shorten messages that one agent sends to another.',
    `Rewrite the message you receive in at most ${goal} tokens, keeping every fact, instruction and caveat the receiver needs.`,
    'Copy exactly, character for character: numbers with their units, dates, versions, names, identifiers, paths, URLs, code, and anything in quotation marks.',
    'Keep every negation (not, no, never, none, without, cannot). Drop greetings, sign-offs, hedges and repetition.',
    'Answer with the rewritten message only, in the language of the original.',
  ].join('\n');
}

/** Splits a channel's `via` into provider and model, or throws saying how to write it. */
export function parseVia(via: string): { provider: string; model: string } {
  const ref = parseModelRef(via);
  if (ref === undefined) throw new Error(`squeeze via "${via}" is not "provider:model" — write it as, for example, "openai:gpt-4o-mini"`);
  return ref;
}

/**
 * Asks an LLM to rewrite a message shorter, then checks the rewrite: it must
 * come back, be shorter, fit the goal, and keep every protected span and
 * negation. Otherwise the rule-based squeeze is used instead. The rewrite's own
 * tokens are reported either way.
 */
export async function rewriteWithLlm(text: string, options: RewriteOptions): Promise<RewriteResult> {
  const { tokenizer } = options;
  const { provider, model } = parseVia(options.via);
  const before = tokenizer.count(text);
  const limitTokens = options.limitTokens ?? Infinity;
  const targetTokens = options.target === undefined ? Infinity : Math.floor(options.target * before);
  const goal = Math.min(limitTokens, targetTokens, Math.max(before - 1, 1));
  const agent: LlmAgent = { kind: 'llm', name: 'squeeze', role: instruction(goal), provider, model, budget: {} };
  let usage: TokenUsage = { input: 0, output: 0 };

  const fallBack = (reason: RewriteFallbackReason, detail: string, lost?: LostSpan[]): RewriteResult => ({
    ...squeezeToBudget(text, {
      level: options.level ?? DEFAULT_FALLBACK_LEVEL,
      limitTokens,
      tokenizer,
      keep: options.keep ?? [],
      ...(options.target === undefined ? {} : { target: options.target }),
    }),
    usage,
    fallback: lost ? { reason, detail, lost } : { reason, detail },
  });

  let rewrite: string;
  try {
    const turn = await options.runner({
      runId: options.runId ?? 'squeeze',
      agent,
      turn: 0,
      inbox: [{ channel: options.channel ?? 'squeeze', from: options.from ?? 'sender', text, tokens: before, mode: 'text' }],
      maxOutputTokens: Number.isFinite(goal) ? goal : before,
      signal: options.signal ?? new AbortController().signal,
    });
    usage = turn.charged ?? turn.usage;
    rewrite = turn.text.trim();
  } catch (error) {
    return fallBack('error', error instanceof Error ? error.message : String(error));
  }

  if (rewrite.length === 0) return fallBack('empty', 'the rewrite came back empty');
  const after = tokenizer.count(rewrite);
  if (after >= before) return fallBack('not-shorter', `the rewrite has ${after} tokens, the original ${before}`);
  if (after > goal) return fallBack('over-budget', `the rewrite has ${after} tokens, the goal is ${goal}`);
  const lost = lostSpans(text, rewrite, options.keep ?? []);
  if (lost.length > 0) return fallBack('lost-spans', `the rewrite lost ${lost.map((l) => JSON.stringify(l.text)).join(', ')}`, lost);

  const removed = segmentText(text).filter((sentence) => !rewrite.includes(sentence));
  return {
    text: rewrite,
    removed,
    edits: [{ rule: 'llm', removed: text, replacement: rewrite }],
    level: options.level ?? DEFAULT_FALLBACK_LEVEL,
    before,
    after,
    goal,
    fits: after <= limitTokens,
    reachedTarget: after <= targetTokens,
    method: `llm:${options.via}`,
    usage,
  };
}
