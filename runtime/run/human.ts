import type { HumanNode } from '../../src/ir/schema.js';
import { ensureLive, journalStep, obtainResult, type RunContext } from './context.js';
import { answerOutput, type HumanQuestion } from './human-io.js';
import { RunStop } from './stop.js';

/**
 * A human step: asks through the run's HumanIO. With nobody to answer, the run stops
 * as `waiting_for_input`; the answer given to `coord resume` is journaled like an
 * agent's result, so the question is never asked twice.
 */
export async function runHuman(ctx: RunContext, node: HumanNode, stepId: string, signal: AbortSignal): Promise<Record<string, unknown>> {
  const question: HumanQuestion = { node: node.id, ask: node.ask, prompt: node.prompt, options: node.options };
  await ctx.sequencer.run({ id: stepId, phase: 'start' }, () => {
    ensureLive(ctx, signal);
    ctx.emit({ type: 'state.entered', state: node.id });
    ctx.emit({ type: 'human.waiting', node: node.id, ask: node.ask, prompt: node.prompt, options: node.options });
    journalStep(ctx, { kind: 'step', id: stepId, phase: 'start', inputs: { ...question } });
  });

  const result = await obtainResult(ctx, stepId, signal, async () => {
    const answer = await ctx.human.ask(question, signal);
    if (answer === undefined) {
      throw new RunStop('waiting_for_input', `human step ${node.id} is waiting for an answer: ${node.prompt}`);
    }
    try {
      answerOutput(question, answer);
    } catch (error) {
      // A mistyped answer (from --input or an answers file) must not end the run: it goes on waiting.
      throw new RunStop('waiting_for_input', `${(error as Error).message}; human step ${node.id} is still waiting for an answer`);
    }
    return { type: 'human', answer };
  });

  return ctx.sequencer.run({ id: stepId, phase: 'finish' }, () => {
    ensureLive(ctx, signal);
    journalStep(ctx, { kind: 'step', id: stepId, phase: 'finish', result });
    if (result.type !== 'human') throw new Error(`human step ${node.id}: the journal holds a ${result.type} result`);
    ctx.emit({ type: 'human.answered', node: node.id, answer: result.answer });
    return answerOutput(question, result.answer);
  });
}
