import { RestatePromise, TerminalError, type WorkflowContext } from '@restatedev/restate-sdk';
import type { HumanIO, HumanQuestion } from '../../run/human-io.js';
import type { StepResult } from '../../store/journal.js';
import { TIMED_OUT, type EngineRun, type StepEngine } from '../engine.js';
import { AttemptEnded, untilAttemptEnds, type OneAwaitAtATime } from './awaiter.js';
import { answerPromise, OPEN_QUESTIONS, type OpenQuestion } from './state.js';

/**
 * Steps as durable steps of a Restate workflow: a call is `ctx.run` under the step's id, a
 * person's answer is the workflow's durable promise named by the question, a deadline a
 * durable timer.
 *
 * Restate finishes a run on any worker by executing it again against its journal, so the run
 * must ask for the same durable steps in the same order every time. Calls run concurrently,
 * but their results reach the run one at a time, in the order the steps were called, and only
 * once the run is idle (everything the previous result set in motion has happened): the order
 * of the run's sections is then a function of the results alone, the same live and replayed.
 * The price: a `join first` is won by the branch that called first, not the one that finished
 * first (docs/engines.md).
 */
export class RestateStepEngine implements StepEngine {
  /** Resolves once the previous result has been handed to the run. */
  private turn: Promise<void> = Promise.resolve();
  private readonly open = new Map<string, OpenQuestion>();

  constructor(
    private readonly ctx: WorkflowContext,
    private readonly awaits: OneAwaitAtATime,
    private readonly attempt: AbortSignal,
    /** Answers given by the run itself (`--simulate`): asked as durable steps instead of waiting on a person. */
    private readonly answers?: HumanIO,
  ) {}

  call(run: EngineRun, stepId: string, call: () => Promise<StepResult>): Promise<StepResult> {
    const durable = this.ctx.run(stepId, async () => {
      try {
        return await call();
      } catch (error) {
        // A step that throws is the run's failure, journaled once, never an endless retry.
        throw new TerminalError((error as Error)?.message ?? String(error));
      }
    });
    return this.deliver(run, durable);
  }

  answer(run: EngineRun, question: HumanQuestion, _human: HumanIO, signal: AbortSignal, deadline?: string): Promise<unknown> {
    const { answers } = this;
    if (answers) return this.deliver(run, this.ctx.run(question.id, async () => ({ value: await answers.ask(question, signal) }))).then(({ value }) => value);
    this.open.set(question.id, {
      id: question.id,
      node: question.node,
      ask: question.ask,
      prompt: question.prompt,
      ...(question.options ? { options: question.options } : {}),
      ...(deadline ? { deadline } : {}),
    });
    this.ctx.set(OPEN_QUESTIONS, [...this.open.values()]);
    const answered = this.ctx.promise<unknown>(answerPromise(question.id)).get().map((value) => ({ value }));
    // A durable timer: whichever worker holds the run when the deadline passes takes the timeout.
    const waited =
      deadline === undefined
        ? answered
        : RestatePromise.race([answered, this.ctx.sleep(Math.max(0, Date.parse(deadline) - Date.now()), `deadline ${question.id}`).map(() => ({ value: TIMED_OUT as unknown }))]);
    return this.deliver(run, waited).then(({ value }) => {
      this.open.delete(question.id);
      if (!this.attempt.aborted) this.ctx.set(OPEN_QUESTIONS, [...this.open.values()]);
      return value;
    });
  }

  now(): Promise<number> {
    return this.awaits.await(this.ctx.run('now', () => Date.now()));
  }

  /** Hands the result of `durable` to the run after every earlier one, once the run is idle. */
  private deliver<T>(run: EngineRun, durable: RestatePromise<T>): Promise<T> {
    const delivered = this.turn.then(async () => {
      await untilIdle(run);
      return this.awaits.await(durable).catch((error: unknown) => {
        if (error instanceof AttemptEnded) throw error;
        throw new Error((error as Error)?.message ?? String(error));
      });
    });
    this.turn = delivered.then(
      () => undefined,
      () => undefined,
    );
    return untilAttemptEnds(delivered, this.attempt);
  }
}

/**
 * A few turns of the event loop (so that what the last result set in motion has asked for its
 * sections), then until the run has no section running or waiting; a section that waits on the
 * server is polled every millisecond or two rather than spun on.
 */
async function untilIdle(run: EngineRun): Promise<void> {
  for (;;) {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    if (run.idle()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
