import { z } from 'zod';
import { RunEvent } from '../events.js';

/** Where a run came from: enough to resume or replay it without the command line. */
export const RunHeader = z.object({
  runId: z.string(),
  workflow: z.string(),
  irHash: z.string(),
  createdAt: z.string(),
  input: z.unknown().optional(),
  /** Present for `--simulate` runs: every agent was simulated with this seed. */
  simulateSeed: z.number().int().optional(),
});
export type RunHeader = z.infer<typeof RunHeader>;

/** What one tool call of a turn did, as the turn's result keeps it (the call's own record holds its result). */
export const ToolCallSummary = z.object({
  /** The name the model called. */
  tool: z.string(),
  /** The `tool` declaration that provides it (an MCP server offers several). */
  declared: z.string(),
  /** Tokens the result put into the agent's context. */
  tokens: z.number().int().nonnegative(),
  /** `cut`: shortened to its limit or to what the turn had left; `refused`: not made (a limit, an unknown tool, no budget left). */
  status: z.enum(['ok', 'error', 'cut', 'refused']),
});
export type ToolCallSummary = z.infer<typeof ToolCallSummary>;

/**
 * What a step produced, journaled so that replay and resume never call an agent twice. Built on
 * first use, like JournalRecord: a run journals its results without parsing them.
 */
export const StepResult = z.lazy(() => {
  const Usage = z.object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() });
  return z.discriminatedUnion('type', [
    z.object({
      type: z.literal('turn'),
      output: z.record(z.string(), z.unknown()),
      text: z.string(),
      usage: Usage,
      reportedUsage: Usage.optional(),
      charged: Usage.optional(),
      usageMismatch: z.boolean().optional(),
      /** Retries the agent made, replayed as `turn.retry` events. */
      retries: z.array(z.object({ attempt: z.number().int().positive(), reason: z.string(), delayMs: z.number().nonnegative() })).optional(),
      cost: z.number().nonnegative().optional(),
      attempts: z.number().int().positive(),
      simulated: z.boolean().optional(),
      /** Tools the turn called, replayed as `tool.called` events. */
      tools: z.array(ToolCallSummary).optional(),
      /** The provider and model that answered, and why it stopped (runtime/agents/agent.ts, TurnResult). */
      provider: z.string().optional(),
      model: z.string().optional(),
      finishReason: z.string().optional(),
    }),
    z.object({ type: z.literal('human'), answer: z.unknown() }),
    /** A human step nobody answered by its deadline (ISO time: when it first asked, plus its timeout). */
    z.object({ type: z.literal('timeout'), deadline: z.string() }),
    /** The step failed for a reason of its own (an agent threw, output did not validate). */
    z.object({
      type: z.literal('error'),
      message: z.string(),
      /** Tokens the failed attempts spent, charged like a finished turn's. */
      charged: Usage.optional(),
    }),
    /**
     * The flow moved on while the agent was working (another branch won a `join first`, a
     * sibling map item failed, the run ended): what the call spent is charged, its output is not used.
     */
    z.object({ type: z.literal('abandoned'), charged: Usage }),
  ]);
});
export type StepResult = z.infer<typeof StepResult>;

/** What a human step journals when it starts: its question (the step id is the question's id) and deadline. */
export const HumanStepInputs = z.object({
  node: z.string(),
  ask: z.enum(['approval', 'choice', 'text']),
  prompt: z.string(),
  options: z.array(z.string()).optional(),
  timeoutMs: z.number().optional(),
  deadline: z.string().optional(),
});
export type HumanStepInputs = z.infer<typeof HumanStepInputs>;

/**
 * One line of journal.jsonl. Steps are journaled in two phases, `start` (the step's
 * inputs were fixed, budget reserved) and `finish` (its result); their order is the
 * order replay and resume enforce, so concurrent branches replay exactly. Built on first use:
 * a run appends its records without parsing them, and only reading a journal back needs the
 * schema (building it, with RunEvent's and StepResult's, took about 8 ms of a run's start).
 */
export const JournalRecord = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('header'), header: RunHeader }),
    z.object({ kind: z.literal('event'), event: RunEvent }),
    /** `inputs` (what the step was given, for people reading the journal) on `start`; `result` exactly on `finish`. */
    z.object({
      kind: z.literal('step'),
      id: z.string(),
      phase: z.enum(['start', 'finish']),
      inputs: z.record(z.string(), z.unknown()).optional(),
      result: StepResult.optional(),
    }),
    /**
     * A call made inside a step's call (a tool call inside a turn), journaled once it returned,
     * so that a resumed step gets its result back instead of calling again. Not a section:
     * it happens between the step's start and finish, wherever the step's call is.
     */
    z.object({ kind: z.literal('call'), id: z.string(), inputs: z.record(z.string(), z.unknown()), result: z.unknown() }),
  ]),
);
export type JournalRecord = z.infer<typeof JournalRecord>;
