import { z } from 'zod';
import { BudgetScope } from '../../events.js';
import { JournalRecord, RunHeader } from '../../store/journal.js';

/**
 * The state a coord run keeps in its Restate workflow. Only the workflow's `run` handler
 * writes it (Restate runs one at a time per run id); the shared handlers (`status`,
 * `log`, `answer`) read it, so the CLI can follow a run from anywhere.
 */

/** The workflow service's name on the Restate server. */
export const SERVICE = 'coord';

/** The run's header, IR and machine config, as the run started. */
export const RUN = 'run';
/** How many chunks the run log has; chunk n is under `log:n`. */
export const LOG_CHUNKS = 'log';
export const logChunk = (n: number) => `log:${n}`;
/** The last snapshot of the run (machine state, outputs, ledger). */
export const SNAPSHOT = 'snapshot';
/** Questions the run waits on now. */
export const OPEN_QUESTIONS = 'questions';
/** The run's summary once it ended. */
export const SUMMARY = 'summary';

/** The durable promise that carries the answer to one question (its id is the step id, `publish#1`). */
export const answerPromise = (question: string) => `answer:${question}`;

/** What `coord submit` sends: a compiled workflow, and what to run it with. */
export const SubmitRequest = z.object({
  ir: z.unknown(),
  machine: z.unknown(),
  input: z.unknown().optional(),
  simulateSeed: z.number().int().optional(),
});
export type SubmitRequest = z.infer<typeof SubmitRequest>;

export const StoredRunStart = z.object({ header: RunHeader, ir: z.unknown(), machine: z.unknown() });
export type StoredRunStart = z.infer<typeof StoredRunStart>;

export const LogChunk = z.array(JournalRecord);

export const OpenQuestion = z.object({
  id: z.string(),
  node: z.string(),
  ask: z.enum(['approval', 'choice', 'text']),
  prompt: z.string(),
  options: z.array(z.string()).optional(),
  deadline: z.string().optional(),
});
export type OpenQuestion = z.infer<typeof OpenQuestion>;

export const RunSummary = z.object({
  runId: z.string(),
  outcome: z.enum(['done', 'failed', 'budget_exhausted', 'waiting_for_input', 'cancelled']),
  reason: z.string().optional(),
  tokens: z.number(),
  cost: z.number().optional(),
  outputs: z.record(z.string(), z.unknown()),
});
export type RunSummary = z.infer<typeof RunSummary>;

/** What `coord status` shows. */
export const RunStatus = z.object({
  runId: z.string(),
  workflow: z.string().optional(),
  createdAt: z.string().optional(),
  /** `running` until the run ends (waiting on a person included: see `questions`). */
  state: z.enum(['unknown', 'running', 'done', 'failed', 'budget_exhausted', 'waiting_for_input', 'cancelled']),
  questions: z.array(OpenQuestion),
  summary: RunSummary.optional(),
  budgets: z.array(z.object({ key: z.string(), level: BudgetScope, limit: z.number().optional(), spent: z.number(), reserved: z.number() })).optional(),
});
export type RunStatus = z.infer<typeof RunStatus>;

/** What `answer` returns: taken, or this very answer was given already. */
export const AnswerReply = z.object({ status: z.enum(['accepted', 'already_given']) });
export type AnswerReply = z.infer<typeof AnswerReply>;

export const AnswerRequest = z.object({ question: z.string(), value: z.unknown() });
export type AnswerRequest = z.infer<typeof AnswerRequest>;
