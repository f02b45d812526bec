import * as restate from '@restatedev/restate-sdk';
import { WorkflowIR } from '../../../src/ir/schema.js';
import type { Pool } from '../../ledger/ledger.js';
import { answerOutput, noHumanIO, simulatedHumanIO, type HumanQuestion } from '../../run/human-io.js';
import { startRun, type StartOptions } from '../../run/run.js';
import { OneAwaitAtATime } from './awaiter.js';
import { RestateStepEngine } from './engine.js';
import {
  answerPromise,
  AnswerRequest,
  LOG_CHUNKS,
  LogChunk,
  logChunk,
  OPEN_QUESTIONS,
  OpenQuestion,
  RUN,
  SERVICE,
  SNAPSHOT,
  StoredRunStart,
  SubmitRequest,
  SUMMARY,
  RunSummary,
  type AnswerReply,
  type RunStatus,
} from './state.js';
import { RestateRunStore } from './store.js';

/** What a worker gives each run beyond the workflow: agent runners, providers, secrets (`coord serve` builds them). */
export type WorkerSession = Pick<StartOptions, 'llm' | 'secrets' | 'functionTimeoutMs' | 'runners' | 'coordinator'>;

export interface CoordServiceOptions {
  /** Called once per execution of a run, before it starts. */
  sessionFor?: (ir: WorkflowIR) => Promise<WorkerSession> | WorkerSession;
  /** How long a finished run's state (status, log) stays on the server (default 7 days). */
  retentionMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * coord's workflow service: a run is a workflow keyed by its run id. `run` executes it (once
 * per id: a second submission of the same id joins the first); `status`, `log` and `answer`
 * are shared handlers that read its state while it runs, from any worker.
 */
export function coordService(options: CoordServiceOptions = {}) {
  return restate.workflow({
    name: SERVICE,
    handlers: {
      run: async (ctx: restate.WorkflowContext, request: unknown): Promise<RunSummary> => {
        const submitted = SubmitRequest.safeParse(request);
        if (!submitted.success) throw new restate.TerminalError(`not a coord run request: ${submitted.error.issues[0]?.message}`, { errorCode: 400 });
        const { ir, machine, input, simulateSeed } = submitted.data;
        const parsedIr = WorkflowIR.safeParse(ir);
        if (!parsedIr.success) throw new restate.TerminalError(`the run request's IR is not a workflow IR: ${parsedIr.error.issues[0]?.message}`, { errorCode: 400 });
        const attempt = ctx.request().attemptCompletedSignal;
        const awaits = new OneAwaitAtATime(attempt);
        const simulatedAnswers = simulateSeed !== undefined ? simulatedHumanIO(simulateSeed) : undefined;
        try {
          const session = (await options.sessionFor?.(parsedIr.data)) ?? {};
          const result = await startRun({
            ...session,
            ir: parsedIr.data,
            machine,
            store: new RestateRunStore(ctx, awaits, attempt),
            engine: new RestateStepEngine(ctx, awaits, attempt, simulatedAnswers),
            runId: ctx.key,
            ...(input !== undefined ? { input } : {}),
            ...(simulateSeed !== undefined ? { simulateSeed } : {}),
            human: noHumanIO,
            signal: attempt,
            purpose: 'coord serve',
          });
          const summary: RunSummary = {
            runId: result.runId,
            outcome: result.outcome,
            ...(result.reason ? { reason: result.reason } : {}),
            tokens: result.tokens,
            ...(result.cost !== undefined ? { cost: result.cost } : {}),
            outputs: result.outputs,
          };
          if (!attempt.aborted) ctx.set(SUMMARY, summary);
          return summary;
        } catch (error) {
          // An attempt that ended (suspended, its worker lost) is Restate's to continue; anything else ends the run.
          if (attempt.aborted || error instanceof restate.TerminalError) throw error;
          throw new restate.TerminalError((error as Error)?.message ?? String(error), { errorCode: 500 });
        }
      },

      status: restate.handlers.workflow.shared(async (ctx: restate.WorkflowSharedContext): Promise<RunStatus> => {
        const start = await ctx.get<StoredRunStart>(RUN);
        const summary = await ctx.get<RunSummary>(SUMMARY);
        const questions = OpenQuestion.array().parse((await ctx.get(OPEN_QUESTIONS)) ?? []);
        const snapshot = (await ctx.get<{ ledger?: Pool[] }>(SNAPSHOT)) ?? undefined;
        return {
          runId: ctx.key,
          ...(start ? { workflow: start.header.workflow, createdAt: start.header.createdAt } : {}),
          state: summary ? summary.outcome : start ? 'running' : 'unknown',
          questions,
          ...(summary ? { summary } : {}),
          ...(snapshot?.ledger ? { budgets: snapshot.ledger } : {}),
        };
      }),

      log: restate.handlers.workflow.shared(async (ctx: restate.WorkflowSharedContext) => {
        const start = await ctx.get<StoredRunStart>(RUN);
        if (!start) throw new restate.TerminalError(`no run '${ctx.key}' on this Restate server`, { errorCode: 404 });
        const chunks = (await ctx.get<number>(LOG_CHUNKS)) ?? 0;
        const records = [];
        for (let n = 0; n < chunks; n++) records.push(...LogChunk.parse(await ctx.get(logChunk(n))));
        return { ...StoredRunStart.parse(start), records };
      }),

      answer: restate.handlers.workflow.shared(async (ctx: restate.WorkflowSharedContext, request: unknown): Promise<AnswerReply> => {
        const parsed = AnswerRequest.safeParse(request);
        if (!parsed.success) throw new restate.TerminalError('an answer names its question and gives a value', { errorCode: 400 });
        const { question, value } = parsed.data;
        if (!(await ctx.get(RUN))) throw new restate.TerminalError(`no run '${ctx.key}' on this Restate server`, { errorCode: 404 });
        const promise = ctx.promise<unknown>(answerPromise(question));
        const given = await promise.peek();
        if (given !== undefined) {
          if (JSON.stringify(given) === JSON.stringify(value)) return { status: 'already_given' };
          throw new restate.TerminalError(`question ${question} of run ${ctx.key} has another answer already: ${JSON.stringify(given)}`, { errorCode: 409 });
        }
        const open = OpenQuestion.array().parse((await ctx.get(OPEN_QUESTIONS)) ?? []);
        const asked = open.find((q) => q.id === question);
        if (!asked) {
          const waiting = open.length > 0 ? `it waits on ${open.map((q) => q.id).join(', ')}` : 'it waits on no question';
          throw new restate.TerminalError(`run ${ctx.key} is not waiting on question ${question}: ${waiting}`, { errorCode: 409 });
        }
        try {
          answerOutput(asQuestion(asked), value);
        } catch (error) {
          throw new restate.TerminalError((error as Error).message, { errorCode: 400 });
        }
        await promise.resolve(value);
        return { status: 'accepted' };
      }),
    },
    options: {
      workflowRetention: options.retentionMs ?? 7 * DAY_MS,
      // A run whose worker died is retried soon, and by then another serve process may hold the port.
      retryPolicy: { initialInterval: 100, maxInterval: 2000, exponentiationFactor: 2 },
    },
  });
}

function asQuestion(open: OpenQuestion): HumanQuestion {
  return { id: open.id, node: open.node, ask: open.ask, prompt: open.prompt, ...(open.options ? { options: open.options } : {}) };
}
