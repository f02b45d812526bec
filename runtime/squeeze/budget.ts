import type { Tokenizer } from '../tokens/tokenizer.js';
import { squeeze, type SqueezeLevel, type SqueezeResult } from './squeeze.js';

export interface BudgetOptions {
  /** Lowest level to apply (the channel's `level`); escalation starts here. Default 0. */
  level?: SqueezeLevel;
  /** Fraction of the original tokens to aim for, in (0, 1]. */
  target?: number;
  /** Hard limit in tokens (the channel's per-message budget, or what is left of it); Infinity for none. */
  limitTokens: number;
  tokenizer: Tokenizer;
  keep?: readonly string[];
}

export interface BudgetSqueezeResult extends SqueezeResult {
  /** The level whose output this is. */
  level: SqueezeLevel;
  /** Tokens before and after, with `tokenizer`. */
  before: number;
  after: number;
  /** The token count escalation aimed for: the smaller of the limit and target × before. */
  goal: number;
  /** Whether the result is within `limitTokens`; when false the caller's overflow policy decides. */
  fits: boolean;
  /** Whether the result is within target × before (true when no target was given). */
  reachedTarget: boolean;
  /** For the `squeeze` event: "squeeze:L<level>". */
  method: string;
}

const LEVELS: readonly SqueezeLevel[] = [0, 1, 2, 3];

/**
 * Squeezes at the channel's level, then at each stronger level in turn, until
 * the text is within both the target fraction and the token limit, or level 3
 * has been tried. Never truncates: what does not fit is reported, not cut.
 */
export function squeezeToBudget(text: string, options: BudgetOptions): BudgetSqueezeResult {
  const { tokenizer } = options;
  const before = tokenizer.count(text);
  const targetTokens = options.target === undefined ? Infinity : Math.floor(options.target * before);
  const goal = Math.min(options.limitTokens, targetTokens);
  const start = options.level ?? 0;
  let result: SqueezeResult = { text, removed: [], edits: [] };
  let level: SqueezeLevel = start;
  let after = before;
  for (const candidate of LEVELS.filter((l) => l >= start)) {
    level = candidate;
    result = squeeze(text, { level, keep: options.keep ?? [] });
    after = tokenizer.count(result.text);
    if (after <= goal) break;
  }
  return {
    ...result,
    level,
    before,
    after,
    goal,
    fits: after <= options.limitTokens,
    reachedTarget: after <= targetTokens,
    method: `squeeze:L${level}`,
  };
}
