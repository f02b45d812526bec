import type { FlowNode } from '../../src/ir/schema.js';
import type { DeliveredMessage, MemoryEntry, RetryNotice, TurnRequest } from '../agents/agent.js';
import type { PendingRewrite } from '../channels/router.js';
import { ChannelRefusal } from '../channels/text-delivery.js';
import type { StepResult } from '../store/journal.js';
import { agentNamed, type RunContext } from './context.js';
import { runRewrite } from './rewrite.js';
import { runStep } from './step.js';
import { turnTools } from './tool-call.js';
import { toolsOf } from '../../src/ir/tools.js';
import { RunStop } from './stop.js';
import { chargeOf, receiverQuery, reserveTurn, settleTurn, type TurnGrant } from './turn-budget.js';

export { DEFAULT_MAX_OUTPUT_TOKENS, OUTPUT_FLOOR_TOKENS } from './turn-budget.js';

export interface TurnSpec {
  stepId: string;
  node: FlowNode;
  agentName: string;
  scope?: string;
  item?: { index: number; value: unknown };
  /** A map's items share the inbox the map collected; other turns collect their own. */
  inbox?: DeliveredMessage[];
  /** Agent nodes announce `state.entered`; map items do not (their map did). */
  announceState: boolean;
  signal: AbortSignal;
  /** A finished turn settles (and sends its message) only after this resolves: map items settle in item order. */
  settleAfter?: Promise<void>;
}

interface TurnPlan extends TurnGrant {
  turn: number;
  inbox: DeliveredMessage[];
  memory: MemoryEntry[];
}

/**
 * One agent turn, as a step (step.ts): its start collects the inbox and reserves the
 * budget, its call is the agent's, its finish charges the turn and sends its message on.
 * Channels that rewrite through a model do so afterwards, each message a step of its own.
 */
export async function runTurn(ctx: RunContext, spec: TurnSpec): Promise<Record<string, unknown>> {
  const agent = agentNamed(ctx, spec.agentName);
  // A paused run starts no new turn; turns the journal already holds replay without waiting.
  if (ctx.pause && !ctx.sequencer.replaying) await ctx.pause.whenOpen(spec.signal);
  let rewrites: PendingRewrite[] = [];
  const output = await runStep<TurnPlan, Record<string, unknown>>(ctx, {
    id: spec.stepId,
    signal: spec.signal,
    ...(spec.settleAfter ? { settleAfter: spec.settleAfter } : {}),

    async start() {
      if (spec.announceState) ctx.emit({ type: 'state.entered', state: spec.node.id, scope: spec.scope });
      const turn = (ctx.turns.get(agent.name) ?? 0) + 1;
      ctx.turns.set(agent.name, turn);
      const query = receiverQuery(agent, ctx.input, spec.item?.value);
      const inbox = spec.inbox ?? (await ctx.router.collect(agent.name, query, spec.scope));
      // Map items run side by side: none reads what another item said, so they keep no memory.
      const memory = spec.item ? [] : ctx.memory.recall(agent);
      if (!spec.item) ctx.memory.received(agent, turn, inbox);
      const budget = reserveTurn(ctx, { agent, turn, inbox, memory, ...(spec.item ? { item: spec.item } : {}), scope: spec.scope, signal: spec.signal });
      const read = inbox.map(({ channel, from, text, tokens, mode }) => ({ channel, from, text, tokens, mode }));
      const planned = Promise.resolve(budget.planned).then(({ plan, reservation }) => ({ plan: { ...plan, turn, inbox, memory }, ...(reservation ? { reservation } : {}) }));
      const remembered = memory.length > 0 ? { memory: memory.map(({ turn: at, said, from, tokens }) => ({ turn: at, said, from, tokens })) } : {};
      return { inputs: { agent: agent.name, turn, inbox: read, ...remembered, ...(spec.item ? { item: spec.item } : {}), ...budget.inputs }, planned };
    },

    async call(plan, signal): Promise<StepResult> {
      // Retries happen during the call, outside any section: they are kept and emitted when the turn settles.
      const retries: RetryNotice[] = [];
      const request: TurnRequest = {
        runId: ctx.runId,
        agent,
        turn: plan.turn,
        input: ctx.input,
        inbox: plan.inbox,
        ...(plan.memory.length > 0 ? { memory: plan.memory } : {}),
        item: spec.item,
        outgoingBudget: ctx.router.outgoingBudget(agent.name),
        maxOutputTokens: plan.maxOutputTokens,
        maxTokens: plan.reserved,
        signal,
        onRetry: (retry) => retries.push(retry),
      };
      try {
        if (toolsOf(agent).length > 0) request.tools = turnTools(ctx, spec.stepId, agent, await ctx.tools.forAgent(agent), signal);
        const result = await ctx.runnerFor(agent, spec.node)(request);
        if (signal.aborted) return { type: 'abandoned', charged: chargeOf(result) };
        return { type: 'turn', ...result, ...(retries.length > 0 ? { retries } : {}) };
      } catch (error) {
        const charged = usageOf((error as { charged?: unknown })?.charged);
        if (signal.aborted) return { type: 'abandoned', charged: charged ?? { input: 0, output: 0 } };
        return { type: 'error', message: (error as Error)?.message ?? String(error), ...(charged ? { charged } : {}) };
      }
    },

    async finish(plan, result, budget) {
      if (result.type !== 'turn') {
        const usage = (result.type === 'error' && result.charged) || { input: 0, output: 0 };
        budget.commit(usage.input + usage.output);
        const message = result.type === 'error' ? result.message : `unexpected ${result.type} result`;
        ctx.emit({ type: 'turn.failed', agent: agent.name, error: message, usage, scope: spec.scope });
        throw new Error(`agent ${agent.name} failed in turn ${plan.turn}${spec.scope ? ` (${spec.scope})` : ''}: ${message}`);
      }
      for (const retry of result.retries ?? []) ctx.emit({ type: 'turn.retry', agent: agent.name, ...retry, scope: spec.scope });
      for (const call of result.tools ?? []) ctx.emit({ type: 'tool.called', agent: agent.name, turn: plan.turn, ...call, scope: spec.scope });
      settleTurn(ctx, { agent, turn: plan.turn, scope: spec.scope }, result, budget);
      if (!spec.item) ctx.memory.said(agent, plan.turn, result.text, ctx.router.tokenizerOf(agent.name));
      try {
        // A channel's `when` reads the outputs with this turn's own, under its agent's name.
        const outputs = { ...ctx.outputs(), [agent.name]: result.output };
        rewrites = (await ctx.router.send(agent.name, result.text, spec.scope, outputs)).rewrites;
      } catch (error) {
        // A channel that refuses a message (overflow policy `fail`) ends the run, even from a map item.
        if (error instanceof ChannelRefusal) throw new RunStop('failed', error.message);
        throw error;
      }
      return result.output;
    },

    abandon(_plan, result, budget) {
      const charged = result.type === 'abandoned' ? result.charged : result.type === 'turn' ? chargeOf(result) : (result.type === 'error' && result.charged) || { input: 0, output: 0 };
      // An agent coord counts itself spent nothing real beyond its reservation: its message is never sent.
      const spent = charged.input + charged.output;
      budget.commit(ctx.countsLocally(agent) ? Math.min(spent, budget.reserved) : spent);
      ctx.emit({ type: 'turn.failed', agent: agent.name, error: 'abandoned: the flow moved on before this turn finished; its tokens are charged, its output is not used', usage: charged, scope: spec.scope });
    },
  });
  // Each message of a split turn is its own rewrite step, before the flow moves on.
  for (const pending of rewrites) {
    await runRewrite(ctx, `${spec.stepId}>squeeze:${pending.channel.id}${pending.piece ? `#${pending.piece}` : ''}`, pending);
  }
  return output;
}

function usageOf(value: unknown): { input: number; output: number } | undefined {
  const usage = value as { input?: unknown; output?: unknown } | undefined;
  return Number.isInteger(usage?.input) && Number.isInteger(usage?.output) ? (usage as { input: number; output: number }) : undefined;
}
