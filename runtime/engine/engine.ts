import type { StepResult } from '../store/journal.js';
import type { HumanIO, HumanQuestion } from '../run/human-io.js';

/** What a human step's wait returns when its deadline passed first. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * Where a run's steps run, under the one step module (runtime/run/step.ts). The step module
 * owns what a step is; the engine owns what makes it durable:
 *
 * - the local file engine (local.ts, the default): the call is made here and now, and the
 *   run's own journal (.coord/runs/) is what survives a crash;
 * - the Restate engine (restate/engine.ts): the call is a durable step of a Restate
 *   workflow under the step's id, a person's answer a durable promise, a deadline a
 *   durable timer, so that another worker can finish the run.
 */
export interface StepEngine {
  /** Makes a step's side effect (an agent turn, a rewrite), under the step's id. */
  call(run: EngineRun, stepId: string, call: () => Promise<StepResult>): Promise<StepResult>;
  /**
   * Waits for the answer to `question`, until `deadline` (ISO time) when it has one: resolves to
   * the raw answer, to TIMED_OUT, or to undefined when nobody can answer now.
   */
  answer(run: EngineRun, question: HumanQuestion, human: HumanIO, signal: AbortSignal, deadline?: string): Promise<unknown>;
  /** Now, in epoch milliseconds, as the engine records it: a deadline is fixed once, whoever finishes the run. */
  now(): Promise<number>;
}

/** What an engine may ask of the run it serves. */
export interface EngineRun {
  /** No step section is running, asked for or about to start: everything the last result set in motion has happened. */
  idle(): boolean;
}
