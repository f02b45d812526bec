import { z } from 'zod';
import { Split } from './splits.js';

export const FamilyName = z.enum(['multihop', 'relay', 'consensus']);
export type FamilyName = z.infer<typeof FamilyName>;

/**
 * How the programmatic senders write: `plain` states the facts and little else;
 * `chatty` wraps the same statements in the padding chat LLM agents add
 * (src/bench/chatty.ts), the text that message compressors aim at.
 */
export const MessageStyle = z.enum(['plain', 'chatty']);
export type MessageStyle = z.infer<typeof MessageStyle>;

/** Fields every task instance has, whatever its family. */
export const InstanceBase = z.object({
  split: Split,
  seed: z.number().int().nonnegative(),
  id: z.string(),
  /** The agent whose `answer` output is scored. */
  decider: z.string(),
  /** Absent means plain, so plain instances read exactly as they did before styles existed. */
  style: MessageStyle.optional(),
});

/** One agent turn in the order the family's workflow runs them, and who it writes to. */
export interface Turn {
  agent: string;
  to: string[];
}

/** What an agent does in one turn: the message it sends and its structured output. */
export interface TurnOutcome {
  text: string;
  output: Record<string, unknown>;
}

/**
 * A coordbench task family: how to generate an instance from a seed, how its
 * programmatic agents behave, what each receiver needs, and how success is scored.
 * The same `act` drives the function agents in workflows/bench and the episode writer.
 */
export interface Family<I extends { family: FamilyName; seed: number; id: string; decider: string }> {
  name: FamilyName;
  schema: z.ZodType<I>;
  generate(seed: number, split: Split): I;
  /** The turns of a run with this instance, in order (agents beyond the instance's size never speak). */
  turns(instance: I): Turn[];
  /** One agent's turn: it reads only its own part of the instance and the texts delivered to it. */
  act(instance: I, agent: string, inbox: readonly string[]): TurnOutcome;
  /** What the receiver is trying to do at its turn, in words; undefined for agents that read nothing. */
  query(instance: I, agent: string): string | undefined;
  /** Whether the receiver needs this sentence (a segment it was sent) to succeed at its turn. */
  needs(instance: I, receiver: string, sentence: string): boolean;
  /** Whether the decider's output solves the task. */
  score(instance: I, output: unknown): boolean;
}

/** Lower case, no leading article, no punctuation, single spaces: "The Harbor Lab." equals "harbor lab". */
export function normaliseAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s:-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(the|a|an) /, '');
}

/** The `answer` field of an agent's output, or undefined when there is none. */
export function answerOf(output: unknown): string | undefined {
  if (typeof output !== 'object' || output === null) return undefined;
  const answer = (output as Record<string, unknown>).answer;
  return typeof answer === 'string' ? answer : undefined;
}
