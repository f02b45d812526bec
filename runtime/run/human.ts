import type { HumanNode } from '../../src/ir/schema.js';
import { messageText } from '../agents/output-schema.js';
import { TIMED_OUT } from '../engine/engine.js';
import type { HumanStepInputs, StepResult } from '../store/journal.js';
import type { RunContext } from './context.js';
import { answerOutput, type HumanContext, type HumanQuestion } from './human-io.js';
import type { PendingRewrite } from '../channels/router.js';
import { ChannelRefusal } from '../channels/text-delivery.js';
import { runRewrite } from './rewrite.js';
import { engineRun, runStep } from './step.js';
import { RunStop } from './stop.js';

/** What a human step records when its timeout fires; the machine's `humanTimedOut` guard reads it. */
export const TIMED_OUT_OUTPUT = { timedOut: true } as const;

/**
 * A human step, as a step (step.ts): asks through the run's HumanIO. With nobody to
 * answer, the run stops as `waiting_for_input`; the answer given to `coord resume` is
 * journaled like an agent's result, so the question is never asked twice. A step with
 * a timeout has an absolute deadline, fixed when it first asks and journaled with its
 * start: a session waits only until then, and a session that begins after it takes the
 * timeout at once. The timeout is journaled as the step's result, so replay takes it
 * without a timer.
 */
export async function runHuman(ctx: RunContext, node: HumanNode, stepId: string, signal: AbortSignal): Promise<Record<string, unknown>> {
  const about = decidingOn(ctx, node);
  const question: HumanQuestion = {
    id: stepId,
    node: node.id,
    ask: node.ask,
    prompt: node.prompt,
    ...(node.options ? { options: node.options } : {}),
    ...(about.length > 0 ? { about } : {}),
  };
  let rewrites: PendingRewrite[] = [];
  const output = await runStep<{ deadline?: string }, Record<string, unknown>>(ctx, {
    id: stepId,
    signal,
    // A person sees the question: a resume must find the same question and deadline.
    durableStart: true,

    // A person's answer is not a side effect: the engine waits for it its own way (engine.ts).
    awaitsPerson: true,

    async start(journaled) {
      ctx.emit({ type: 'state.entered', state: node.id });
      ctx.emit({ type: 'human.waiting', node: node.id, ask: node.ask, prompt: node.prompt, options: node.options, ...(about.length > 0 ? { about } : {}) });
      const deadline =
        node.timeoutMs === undefined
          ? undefined
          : typeof journaled?.deadline === 'string'
            ? journaled.deadline
            : new Date((await ctx.engine.now()) + node.timeoutMs).toISOString();
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
      const answer = await ctx.engine.answer(engineRun(ctx), question, ctx.human, stepSignal, deadline);
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

    async finish(_plan, result) {
      if (result.type === 'timeout' && node.timeoutMs !== undefined) {
        ctx.emit({ type: 'human.timedOut', node: node.id, timeoutMs: node.timeoutMs });
        return { ...TIMED_OUT_OUTPUT };
      }
      if (result.type !== 'human') throw new Error(`human step ${node.id}: the journal holds a ${result.type} result`);
      ctx.emit({ type: 'human.answered', node: node.id, answer: result.answer });
      const output = answerOutput(question, result.answer);
      try {
        rewrites = (await ctx.router.send(node.id, answerMessage(output), undefined, { ...ctx.outputs(), [node.id]: output })).rewrites;
      } catch (error) {
        if (error instanceof ChannelRefusal) throw new RunStop('failed', error.message);
        throw error;
      }
      return output;
    },
  });
  for (const pending of rewrites) await runRewrite(ctx, `${stepId}>squeeze:${pending.channel.id}`, pending);
  return output;
}

/** What an answer says on the step's channels (`channel edit -> publisher`): the text, the choice, or the approval and its comment. */
export function answerMessage(output: Record<string, unknown>): string {
  if (typeof output.text === 'string') return output.text;
  if (typeof output.choice === 'string') return output.choice;
  const verdict = output.approved === true ? 'approved' : 'not approved';
  return typeof output.comment === 'string' ? `${verdict}: ${output.comment}` : verdict;
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
