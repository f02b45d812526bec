import type { HumanNode } from '../../src/ir/schema.js';
import { messageText } from '../agents/output-schema.js';
import type { HumanStepInputs, StepResult } from '../store/journal.js';
import type { RunContext } from './context.js';
import { answerOutput, type HumanContext, type HumanIO, type HumanQuestion } from './human-io.js';
import { runStep } from './step.js';
import { RunStop } from './stop.js';

/** What a human step records when its timeout fires; the machine's `humanTimedOut` guard reads it. */
export const TIMED_OUT_OUTPUT = { timedOut: true } as const;

/** The longest delay one Node timer takes (about 24.8 days); longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A human step, as a step (step.ts): asks through the run's HumanIO. With nobody to
 * answer, the run stops as `waiting_for_input`; the answer given to `coord resume` is
 * journaled like an agent's result, so the question is never asked twice. A step with
 * a timeout has an absolute deadline, fixed when it first asks and journaled with its
 * start: a session waits only until then, and a session that begins after it takes the
 * timeout at once. The timeout is journaled as the step's result, so replay takes it
 * without a timer.
 */
export function runHuman(ctx: RunContext, node: HumanNode, stepId: string, signal: AbortSignal): Promise<Record<string, unknown>> {
  const about = decidingOn(ctx, node);
  const question: HumanQuestion = {
    id: stepId,
    node: node.id,
    ask: node.ask,
    prompt: node.prompt,
    ...(node.options ? { options: node.options } : {}),
    ...(about.length > 0 ? { about } : {}),
  };
  return runStep<{ deadline?: string }, Record<string, unknown>>(ctx, {
    id: stepId,
    signal,
    // A person sees the question: a resume must find the same question and deadline.
    durableStart: true,

    start(journaled) {
      ctx.emit({ type: 'state.entered', state: node.id });
      ctx.emit({ type: 'human.waiting', node: node.id, ask: node.ask, prompt: node.prompt, options: node.options, ...(about.length > 0 ? { about } : {}) });
      const deadline =
        node.timeoutMs === undefined ? undefined : typeof journaled?.deadline === 'string' ? journaled.deadline : new Date(Date.now() + node.timeoutMs).toISOString();
      const inputs: HumanStepInputs = {
        node: node.id,
        ask: node.ask,
        prompt: node.prompt,
        ...(node.options ? { options: node.options } : {}),
        ...(deadline ? { timeoutMs: node.timeoutMs, deadline } : {}),
      };
      return { inputs, planned: { plan: deadline ? { deadline } : {} } };
    },

    async call({ deadline }, stepSignal): Promise<StepResult> {
      const answer = deadline === undefined ? await ctx.human.ask(question, stepSignal) : await askBefore(ctx.human, question, stepSignal, deadline);
      if (answer === TIMED_OUT) return { type: 'timeout', deadline: deadline! };
      if (answer === undefined) throw new RunStop('waiting_for_input', `human step ${node.id} is waiting for an answer: ${node.prompt}`, stepId);
      try {
        answerOutput(question, answer);
      } catch (error) {
        // A mistyped answer (from --input or an answers file) must not end the run: it goes on waiting.
        throw new RunStop('waiting_for_input', `${(error as Error).message}; human step ${node.id} is still waiting for an answer`, stepId);
      }
      return { type: 'human', answer };
    },

    finish(_plan, result) {
      if (result.type === 'timeout' && node.timeoutMs !== undefined) {
        ctx.emit({ type: 'human.timedOut', node: node.id, timeoutMs: node.timeoutMs });
        return { ...TIMED_OUT_OUTPUT };
      }
      if (result.type !== 'human') throw new Error(`human step ${node.id}: the journal holds a ${result.type} result`);
      ctx.emit({ type: 'human.answered', node: node.id, answer: result.answer });
      return answerOutput(question, result.answer);
    },
  });
}

/**
 * What the person decides on: the latest message of every step whose transition leads here (the
 * draft an approval publishes, the data a choice is about), in flow order. Steps that have not run
 * yet on this path are left out. Outputs are the machine's, so a resumed or replayed run shows the same.
 */
function decidingOn(ctx: RunContext, node: HumanNode): HumanContext[] {
  const outputs = ctx.outputs();
  return ctx.ir.flow.nodes.flatMap((from) => {
    const output = outputs[from.id];
    if (!from.next.some((t) => t.to === node.id) || output === null || typeof output !== 'object') return [];
    return [{ from: from.id, text: messageText(output as Record<string, unknown>) }];
  });
}

const TIMED_OUT: unique symbol = Symbol('timed out');

/** Asks, but gives up at `deadline`: at once when it has passed, and the question is then not asked at all. */
async function askBefore(human: HumanIO, question: HumanQuestion, signal: AbortSignal, deadline: string): Promise<unknown> {
  const at = Date.parse(deadline);
  if (Date.now() >= at) return TIMED_OUT;
  const expired = new AbortController();
  const cancelTimer = timerUntil(at, () => expired.abort());
  signal.addEventListener('abort', cancelTimer, { once: true });
  try {
    const asked = human.ask(question, AbortSignal.any([signal, expired.signal])).then(
      (answer) => ({ answer }),
      (error: unknown) => ({ error }),
    );
    const timedOut = new Promise<{ answer: typeof TIMED_OUT }>((resolve) =>
      expired.signal.addEventListener('abort', () => resolve({ answer: TIMED_OUT }), { once: true }),
    );
    const outcome = await Promise.race([asked, timedOut]);
    // Whatever the person's side returned once its question was withdrawn (nothing, an abort error), the deadline decided.
    if (expired.signal.aborted) return TIMED_OUT;
    if ('error' in outcome) throw outcome.error;
    return outcome.answer;
  } finally {
    cancelTimer();
    signal.removeEventListener('abort', cancelTimer);
  }
}

/** Calls `fire` at the absolute time `at` (ms since the epoch); returns the function that cancels it. */
function timerUntil(at: number, fire: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = at - Date.now();
    timer = left <= 0 ? setTimeout(fire, 0) : setTimeout(left > MAX_TIMER_MS ? arm : fire, Math.min(left, MAX_TIMER_MS));
  };
  arm();
  return () => clearTimeout(timer);
}
