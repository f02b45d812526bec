import { isDeepStrictEqual } from 'node:util';
import type { EngineRun } from '../engine/engine.js';
import { isRefusal, type Overshoot, type Refusal, type Reservation } from '../ledger/ledger.js';
import type { JournalRecord, StepResult } from '../store/journal.js';
import type { RunContext } from './context.js';
import { RunStop } from './stop.js';

/**
 * The one doorway for side effects. Every step of a run (an agent turn, a map item, a
 * rewrite, a human answer) passes through `runStep`, which owns what a step is:
 *
 * 1. its `start` section: the definition fixes the step's inputs and reserves its budget;
 *    the inputs are journaled (forced to disk with the finish, or before the call when `durableStart`);
 * 2. the wait, outside any section, for budget that steps in flight hold;
 * 3. its result: the journaled one when an earlier session finished the step, else the
 *    call, made once the journal has been replayed (so a resume never starts a call the
 *    replayed history would have cancelled) and only while the step is live;
 * 4. its `finish` section: the result is journaled, then the definition applies it and
 *    charges its budget; the section is committed (one fsync per step) before the next starts;
 *
 * and, on every path out, that a reservation is committed or released, exactly once:
 * a run stopped mid-call (cancelled, waiting for input) releases it and journals nothing,
 * so the step runs again on resume; a step the flow stopped (a lost `join first`) is
 * journaled and charged what it spent, and ends as abandoned.
 */
export interface StepDefinition<Plan, Output> {
  /** The same in every execution of the run: scope, node and visit (see nextStepId). */
  id: string;
  /** The step's own signal: the run's, and for flow steps the machine's too. */
  signal: AbortSignal;
  /** The start section's work. Inputs a previous session journaled for this step are given back. */
  start(journaled: Record<string, unknown> | undefined): Promise<StepStart<Plan, Output>> | StepStart<Plan, Output>;
  /**
   * Whether the start section's records are forced to disk before the call (a question shown
   * to a person). Otherwise they are written (readers see them) and forced to disk with the
   * step's finish: a step whose start a crash lost runs again, as one whose finish it lost does.
   */
  durableStart?: boolean;
  /** The side effect, between sections. Its result is journaled; it may throw a RunStop (nobody to answer). */
  call(plan: Plan, signal: AbortSignal): Promise<StepResult>;
  /** The call waits for a person through the engine's `answer`, so the engine does not make it a side effect of its own. */
  awaitsPerson?: boolean;
  /** A result that has come back settles only after this (map items settle in item order). */
  settleAfter?: Promise<void>;
  /** The finish section's work: applies the result and charges `budget`. */
  finish(plan: Plan, result: StepResult, budget: StepBudget): Promise<Output> | Output;
  /** The finish section's work for a step the flow stopped: charges what it spent. The step then ends as abandoned. */
  abandon?(plan: Plan, result: StepResult, budget: StepBudget): void;
}

/** What the start section decided: make the call (once the budget is granted), or no call at all. */
export type StepStart<Plan, Output> =
  | { inputs: Record<string, unknown>; planned: Planned<Plan> | Promise<Planned<Plan>> }
  /** No call is needed; `instead` gives the output, in the start section, after the inputs are journaled. */
  | { inputs: Record<string, unknown>; instead: () => Promise<Output> | Output };

export interface Planned<Plan> {
  plan: Plan;
  /** The budget the step holds while it runs; released unless the finish commits it. */
  reservation?: Reservation;
}

/** A step the machine stopped (a branch that lost a `join first`): not a failure of the run. */
export class StepAbandoned extends Error {
  constructor() {
    super('step abandoned by the flow');
    this.name = 'StepAbandoned';
  }
}

/** A step's reservation while it runs: committed, grown or released once, whatever path the step takes. */
export class StepBudget {
  private open: Reservation | undefined;

  constructor(
    private readonly ctx: RunContext,
    reservation: Reservation | undefined,
  ) {
    this.open = reservation;
  }

  /** What is reserved, in tokens (0 when nothing is). */
  get reserved(): number {
    return this.open?.tokens ?? 0;
  }

  /** The pools the reservation holds. */
  get keys(): readonly string[] {
    return this.open?.keys ?? [];
  }

  /** Charges `tokens`; the unused part goes back. Returns the pools it pushed past their limit. */
  commit(tokens: number): Overshoot[] {
    const reservation = this.take();
    return reservation ? this.ctx.ledger.commit(reservation, tokens) : [];
  }

  /** Grows the reservation in all its pools, or not at all. */
  grow(extra: number): Refusal | undefined {
    if (!this.open) throw new Error('no reservation to grow');
    const grown = this.ctx.ledger.grow(this.open, extra);
    if (isRefusal(grown)) return grown;
    this.open = grown;
    return undefined;
  }

  /** Gives the reservation back unspent; nothing when it was settled already. */
  release(): void {
    const reservation = this.take();
    if (reservation) this.ctx.ledger.release(reservation);
  }

  private take(): Reservation | undefined {
    const reservation = this.open;
    this.open = undefined;
    return reservation;
  }
}

export async function runStep<Plan, Output>(ctx: RunContext, step: StepDefinition<Plan, Output>): Promise<Output> {
  const started = await startSection(
    ctx,
    step.id,
    step.signal,
    step.durableStart ?? false,
    async (journaled) => {
      const decided = await step.start(journaled);
      return { inputs: decided.inputs, value: decided };
    },
    async (decided) => ('instead' in decided ? { output: await decided.instead() } : decided),
  );
  if ('output' in started) return started.output;
  // A refused grant is the step's failure, raised where it is awaited here.
  if (started.planned instanceof Promise) started.planned.catch(() => undefined);
  // A step whose budget steps in flight hold waits here, outside any section, until a commit or release grants it.
  const { plan, reservation } = await started.planned;
  const budget = new StepBudget(ctx, reservation);
  // The run waits for this before it ends, so that the budget is settled before the ledger is saved.
  const settled = settle(ctx, step, plan, budget).finally(() => budget.release());
  ctx.calls.add(settled);
  void settled.finally(() => ctx.calls.delete(settled)).catch(() => undefined);
  return settled;
}

async function settle<Plan, Output>(ctx: RunContext, step: StepDefinition<Plan, Output>, plan: Plan, budget: StepBudget): Promise<Output> {
  // Whether the machine stopped this step while the run went on: then what the call spent is journaled and charged.
  let stoppedByFlow = false;
  const onAbort = () => (stoppedByFlow = !ctx.signal.aborted);
  step.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await settleResult(ctx, step, plan, budget, () => stoppedByFlow);
  } finally {
    // A step's signal may outlive it: a listener left behind by each step would slow every later one.
    step.signal.removeEventListener('abort', onAbort);
  }
}

async function settleResult<Plan, Output>(ctx: RunContext, step: StepDefinition<Plan, Output>, plan: Plan, budget: StepBudget, stoppedByFlow: () => boolean): Promise<Output> {
  let result: StepResult;
  try {
    result = await obtainResult(ctx, step, plan);
  } catch (error) {
    if (step.signal.aborted) throw stopped(ctx);
    throw error;
  }
  if (step.settleAfter && result.type === 'turn') await untilAborted(step.settleAfter, step.signal);
  // The run itself stopped (cancelled, waiting for input): the step never finished, and runs again on resume.
  if (step.signal.aborted && !stoppedByFlow() && !ctx.journaled.has(step.id)) throw new RunStop('cancelled', 'the run was stopped');

  return ctx.sequencer.run({ id: step.id, phase: 'finish' }, async () => {
    const abandoned = result.type === 'abandoned' || step.signal.aborted;
    if (!abandoned) ensureLive(ctx, step.signal);
    journal(ctx, { kind: 'step', id: step.id, phase: 'finish', result });
    if (abandoned) {
      step.abandon?.(plan, result, budget);
      throw new StepAbandoned();
    }
    return step.finish(plan, result, budget);
  });
}

/**
 * A step that only starts: its start section fixes its inputs and journals them, and
 * there is no call and no finish (a map: its items are steps of their own).
 */
export function runStartOnly<Value>(
  ctx: RunContext,
  id: string,
  signal: AbortSignal,
  start: () => Promise<{ inputs: Record<string, unknown>; value: Value }> | { inputs: Record<string, unknown>; value: Value },
): Promise<Value> {
  return startSection(ctx, id, signal, false, start, async (value) => value);
}

/** The start section every step has: live, its work done, its inputs journaled, then `after` (still in the section). */
function startSection<Value, After>(
  ctx: RunContext,
  id: string,
  signal: AbortSignal,
  durable: boolean,
  body: (journaled: Record<string, unknown> | undefined) => Promise<{ inputs: Record<string, unknown>; value: Value }> | { inputs: Record<string, unknown>; value: Value },
  after: (value: Value) => Promise<After>,
): Promise<After> {
  return ctx.sequencer.run(
    { id, phase: 'start' },
    async () => {
      ensureLive(ctx, signal);
      const { inputs, value } = await body(ctx.journaledInputs.get(id));
      journal(ctx, { kind: 'step', id, phase: 'start', inputs });
      return after(value);
    },
    durable,
  );
}

/**
 * The journaled result when the step finished in an earlier session; when replaying, a
 * step the journal never finished waits until the run ends; otherwise the call.
 */
async function obtainResult<Plan>(ctx: RunContext, step: StepDefinition<Plan, unknown>, plan: Plan): Promise<StepResult> {
  const journaled = ctx.journaled.get(step.id);
  if (journaled) return journaled;
  const { signal } = step;
  // Live with the journal behind it (every step of a new run), there is nothing to wait for.
  if (ctx.mode === 'replay' || ctx.sequencer.replaying) await untilReplayed(ctx, signal);
  ensureLive(ctx, signal);
  // Redacted before anything sees it (the engine's journal included), so live and replayed runs apply the very same result.
  const made = () => step.call(plan, signal).then((result) => ctx.redact.value(result));
  const call = step.awaitsPerson ? made() : ctx.engine.call(engineRun(ctx), step.id, made);
  ctx.calls.add(call);
  void call.finally(() => ctx.calls.delete(call)).catch(() => undefined);
  return call;
}

/** Waits until the journal has been replayed (forever when only replaying); rejects with StepAbandoned when the step is stopped first. */
async function untilReplayed(ctx: RunContext, signal: AbortSignal): Promise<void> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new StepAbandoned());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    if (ctx.mode === 'replay') await aborted;
    await Promise.race([ctx.sequencer.whenExhausted(), aborted]);
  } finally {
    // The call gets the signal itself; this listener only guarded the wait.
    signal.removeEventListener('abort', onAbort!);
  }
}

/** The run as its engine sees it. */
export function engineRun(ctx: RunContext): EngineRun {
  return { idle: () => ctx.sequencer.idle };
}

/**
 * A call made from inside a step's call (a tool call inside a turn). It is not a section:
 * it runs where the step's call runs, between the step's start and finish. Its result is
 * redacted, journaled and committed before the caller sees it, so a resumed step that makes
 * the same call (same id, same inputs) gets the journaled result instead of calling again.
 * Replay never gets here: a replayed step takes its own journaled result and makes no call.
 */
export async function runInnerCall<Result>(
  ctx: RunContext,
  id: string,
  inputs: Record<string, unknown>,
  call: () => Promise<Result>,
  parse: (journaled: unknown) => Result,
): Promise<Result> {
  const journaled = ctx.journaledCalls.get(id);
  if (journaled && isDeepStrictEqual(journaled.inputs, ctx.redact.value(inputs))) return parse(journaled.result);
  const result = ctx.redact.value(await call());
  if (ctx.journal) {
    ctx.journal.append({ kind: 'call', id, inputs, result });
    await ctx.journal.commit();
  }
  return result;
}

/** Throws when the step should not go on: the run ended, or the machine stopped this step. */
export function ensureLive(ctx: RunContext, signal: AbortSignal): void {
  if (ctx.signal.aborted) throw new RunStop('cancelled', 'the run was stopped');
  if (signal.aborted) throw new StepAbandoned();
}

/** How a step that was stopped before it settled ends: with the run, or abandoned by the flow. */
export function stopped(ctx: RunContext): Error {
  return ctx.signal.aborted ? new RunStop('cancelled', 'the run was stopped') : new StepAbandoned();
}

/** Journals a step record, unless the section is a replay of one the journal already holds. */
function journal(ctx: RunContext, record: Extract<JournalRecord, { kind: 'step' }>): void {
  if (!ctx.sequencer.sectionReplayed) ctx.journal?.append(record);
}

/** Resolves when `promise` does, or when `signal` aborts, whichever comes first. */
function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void promise.then(done);
  });
}
