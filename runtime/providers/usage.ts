import type { TokenUsage } from '../agents/agent.js';
import type { Tokenizer } from '../tokens/tokenizer.js';

/**
 * Token accounting for LLM turns: coord's own count (the model's tokenizer, or the declared
 * approximation), the provider's report, and what to charge, attempt by attempt. Each
 * attempt is recorded exactly once; failed attempts are charged too, because providers
 * bill them.
 */

/** A reply is off by more than this fraction of the larger count: flag it. */
export const MISMATCH_TOLERANCE = 0.1;

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * Prompt tokens of a chat request. OpenAI's chat format adds 3 tokens per message and 3 to
 * prime the reply (OpenAI cookbook, "How to count tokens with tiktoken"), so the count is
 * exact for OpenAI models; elsewhere the same framing errs on the safe side.
 */
export function countPromptTokens(tokenizer: Tokenizer, messages: PromptMessage[]): number {
  return messages.reduce((sum, message) => sum + 3 + tokenizer.count(message.role) + tokenizer.count(message.content), 3);
}

/** What the provider said, field by field; either may be missing. */
export interface ReportedUsage {
  input?: number;
  output?: number;
}

export interface AttemptUsage {
  counted: TokenUsage;
  reported?: ReportedUsage;
  /** Per field, the larger of counted and reported. */
  charged: TokenUsage;
  /** A reported field differs from the count by more than MISMATCH_TOLERANCE. */
  mismatch: boolean;
}

function differs(counted: number, reported: number | undefined): boolean {
  if (reported === undefined) return false;
  const larger = Math.max(counted, reported);
  return larger > 0 && Math.abs(counted - reported) > MISMATCH_TOLERANCE * larger;
}

export function reconcile(counted: TokenUsage, reported: ReportedUsage | undefined): AttemptUsage {
  const hasReport = reported !== undefined && (reported.input !== undefined || reported.output !== undefined);
  return {
    counted,
    ...(hasReport ? { reported } : {}),
    charged: {
      input: Math.max(counted.input, reported?.input ?? 0),
      output: Math.max(counted.output, reported?.output ?? 0),
    },
    mismatch: differs(counted.input, reported?.input) || differs(counted.output, reported?.output),
  };
}

const add = (a: TokenUsage, b: TokenUsage): TokenUsage => ({ input: a.input + b.input, output: a.output + b.output });
const ZERO: TokenUsage = { input: 0, output: 0 };

/** The running total of one turn's attempts. */
export class UsageTally {
  private readonly attempts: AttemptUsage[] = [];

  record(attempt: AttemptUsage): void {
    this.attempts.push(attempt);
  }

  get counted(): TokenUsage {
    return this.attempts.reduce((sum, a) => add(sum, a.counted), ZERO);
  }

  get charged(): TokenUsage {
    return this.attempts.reduce((sum, a) => add(sum, a.charged), ZERO);
  }

  /** The sum of what the provider reported; undefined when it reported nothing at all. */
  get reported(): TokenUsage | undefined {
    const reports = this.attempts.flatMap((a) => (a.reported ? [a.reported] : []));
    if (reports.length === 0) return undefined;
    return reports.reduce<TokenUsage>((sum, r) => add(sum, { input: r.input ?? 0, output: r.output ?? 0 }), ZERO);
  }

  get mismatch(): boolean {
    return this.attempts.some((a) => a.mismatch);
  }

  get recorded(): number {
    return this.attempts.length;
  }
}
