import { channelBudget } from '../../src/ir/channel-budget.js';
import type { AgentRunner, TurnResult } from '../agents/agent.js';
import type { PendingRewrite } from '../channels/router.js';
import { ChannelRefusal, DEFAULT_CHANNEL_SQUEEZE_LEVEL } from '../channels/text-delivery.js';
import { budgetKey } from '../ledger/budgets.js';
import { isRefusal } from '../ledger/ledger.js';
import { parseVia, rewriteWithLlm, type RewriteOptions, type SqueezeLevel } from '../squeeze/index.js';
import type { StepResult } from '../store/journal.js';
import { tokenizerFor } from '../tokens/tokenizer.js';
import type { RunContext } from './context.js';
import { runStep, type StepStart } from './step.js';
import { RunStop } from './stop.js';
import { chargeOf } from './turn-budget.js';

/** An upper bound on the tokens of the squeezer's instructions and the provider's framing around the message. */
export const REWRITE_PROMPT_TOKENS = 320;

interface RewritePlan {
  /** The most the rewritten message may take: what the channel has left once the rewrite is paid for. */
  limit: number;
}

/**
 * Rewrites one message through the channel's model, as a step (step.ts): its start
 * reserves the rewrite's tokens on the channel (and the run), its call is the model's,
 * its finish charges what the call spent, checks the rewrite (falling back to the rules
 * when it fails, runs over or loses a protected span) and delivers. A channel that
 * cannot pay for the rewrite and still carry the message gets the rule-based squeeze
 * instead, and no call is made. Replay and resume read the call from the journal, so
 * they make the same decisions.
 */
export function runRewrite(ctx: RunContext, stepId: string, pending: PendingRewrite): Promise<void> {
  return runStep<RewritePlan, void>(ctx, {
    id: stepId,
    signal: ctx.signal,
    start: () => start(ctx, pending),
    call: (plan, signal) => call(ctx, pending, plan, signal),
    finish: async (plan, result, budget) => {
      const spent = spentBy(result);
      const reserved = budget.reserved;
      const overshoot = budget.commit(spent.input + spent.output);
      if (overshoot.length > 0) {
        for (const pool of overshoot) {
          ctx.emit({ type: 'budget.exceeded', key: pool.key, level: pool.level, requested: spent.input + spent.output, remaining: pool.limit - pool.spent, scope: pending.scope });
        }
        throw new RunStop(
          'budget_exhausted',
          `the rewrite of a message on channel ${pending.channel.id} by "${pending.channel.compress.via}" used ${spent.input + spent.output} tokens, ` +
            `more than the ${reserved} reserved for it; ${overshoot.map((p) => `'${p.key}' is at ${p.spent} of ${p.limit}`).join(', ')}`,
        );
      }
      const rewrite = await rewriteWithLlm(pending.text, { ...rewriteOptions(ctx, pending, plan), runner: journaledRunner(result) });
      ctx.emit({
        type: 'squeeze',
        channel: pending.channel.id,
        before: rewrite.before,
        after: rewrite.after,
        method: rewrite.method,
        removed: rewrite.removed,
        ...(rewrite.fallback ? { fallback: { reason: rewrite.fallback.reason, detail: rewrite.fallback.detail } } : {}),
        usage: spent,
        scope: pending.scope,
      });
      await delivering(() => ctx.router.deliverRewrite(pending, rewrite.text));
    },
  });
}

/** Reserves the rewrite, or delivers by the rules when the channel cannot afford it. */
function start(ctx: RunContext, pending: PendingRewrite): StepStart<RewritePlan, void> {
  const { channel } = pending;
  const { provider, model } = parseVia(channel.compress.via);
  const before = ctx.router.tokenizerOf(channel.to).count(pending.text);
  const { perMessage } = channelBudget(channel);
  const targetTokens = channel.compress.target === undefined ? Infinity : Math.floor(channel.compress.target * before);
  const output = Math.max(1, Math.min(perMessage, targetTokens, before - 1));
  const input = Math.ceil((tokenizerFor(provider, model).count(pending.text) + REWRITE_PROMPT_TOKENS) * 1.1);
  const cost = input + output;
  const channelKey = budgetKey.channel(channel.id);
  const limit = Math.min(perMessage, ctx.ledger.remaining(channelKey) - cost);

  const reservation = limit >= 1 ? ctx.ledger.reserve([budgetKey.run(), channelKey], cost) : undefined;
  if (!reservation || isRefusal(reservation)) {
    const short = reservation ? `'${reservation.key}' has ${reservation.remaining} tokens left` : `'${channelKey}' has ${ctx.ledger.remaining(channelKey)} tokens left`;
    return {
      inputs: { channel: channel.id, via: channel.compress.via, rewrite: false, cost },
      instead: () =>
        delivering(() =>
          ctx.router.deliverByRules(pending, { reason: 'unaffordable', detail: `a rewrite needs up to ${cost} tokens and the message at least 1 more; ${short}` }),
        ),
    };
  }
  const pool = ctx.ledger.poolOf(channelKey);
  ctx.emit({ type: 'budget.reserved', key: channelKey, tokens: cost, used: pool.spent, limit: pool.limit, scope: pending.scope });
  return { inputs: { channel: channel.id, via: channel.compress.via, rewrite: true, reserved: cost, limit }, planned: { plan: { limit }, reservation } };
}

/** The model's call; what it returned (or why it failed, and what that spent) is journaled. */
async function call(ctx: RunContext, pending: PendingRewrite, plan: RewritePlan, signal: AbortSignal): Promise<StepResult> {
  const runner = ctx.router.rewriterFor(pending.channel);
  if (!runner) throw new Error(`channel ${pending.channel.id} has no runner for "${pending.channel.compress.via}"`);
  let turn: TurnResult | undefined;
  let failure: unknown;
  const recording: AgentRunner = async (request) => {
    try {
      turn = await runner(request);
      return turn;
    } catch (error) {
      failure = error;
      throw error;
    }
  };
  await rewriteWithLlm(pending.text, { ...rewriteOptions(ctx, pending, plan), signal, runner: recording });
  if (turn) return { type: 'turn', ...turn };
  const charged = (failure as { charged?: { input: number; output: number } } | undefined)?.charged;
  return { type: 'error', message: (failure as Error)?.message ?? String(failure), ...(charged && Number.isInteger(charged.input) && Number.isInteger(charged.output) ? { charged } : {}) };
}

/** A channel that refuses the message (overflow policy `fail`) ends the run. */
async function delivering(deliver: () => Promise<void>): Promise<void> {
  try {
    await deliver();
  } catch (error) {
    if (error instanceof ChannelRefusal) throw new RunStop('failed', error.message);
    throw error;
  }
}

function rewriteOptions(ctx: RunContext, pending: PendingRewrite, plan: RewritePlan): Omit<RewriteOptions, 'runner'> {
  const { compress } = pending.channel;
  return {
    via: compress.via,
    tokenizer: ctx.router.tokenizerOf(pending.channel.to),
    limitTokens: plan.limit,
    level: (compress.level ?? DEFAULT_CHANNEL_SQUEEZE_LEVEL) as SqueezeLevel,
    ...(compress.target !== undefined ? { target: compress.target } : {}),
    runId: ctx.runId,
    channel: pending.channel.id,
    from: pending.channel.from,
    signal: ctx.signal,
  };
}

/** Hands the squeezer the journaled call instead of calling the model again. */
function journaledRunner(result: StepResult): AgentRunner {
  return async () => {
    if (result.type === 'turn') return result;
    throw new Error(result.type === 'error' ? result.message : `the rewrite ended as ${result.type}`);
  };
}

function spentBy(result: StepResult): { input: number; output: number } {
  if (result.type === 'turn') return chargeOf(result);
  if ((result.type === 'error' || result.type === 'abandoned') && result.charged) return result.charged;
  return { input: 0, output: 0 };
}
