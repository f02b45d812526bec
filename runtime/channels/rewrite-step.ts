import type { AgentRunner, TurnResult } from '../agents/agent.js';
import { budgetKey } from '../ledger/budgets.js';
import { isRefusal, type Reservation } from '../ledger/ledger.js';
import { ensureLive, journalStep, obtainResult, type RunContext } from '../run/context.js';
import { RunStop } from '../run/stop.js';
import { parseVia, rewriteWithLlm, type RewriteOptions, type SqueezeLevel } from '../squeeze/index.js';
import type { StepResult } from '../store/journal.js';
import { tokenizerFor } from '../tokens/tokenizer.js';
import type { PendingRewrite } from './router.js';
import { DEFAULT_CHANNEL_SQUEEZE_LEVEL } from './text-delivery.js';

/** An upper bound on the tokens of the squeezer's instructions and the provider's framing around the message. */
const REWRITE_PROMPT_TOKENS = 320;

interface Plan {
  reservation: Reservation;
  /** The most the rewritten message may take: what the channel has left once the rewrite is paid for. */
  limit: number;
}

/**
 * Rewrites one message through the channel's model, as a step of the run like an
 * agent turn: `start` reserves the rewrite's tokens on the channel (and the run),
 * the call's result is journaled, and `finish` charges what it spent, checks the
 * rewrite (falling back to the rules when it fails, runs over or loses a protected
 * span) and delivers. A channel that cannot pay for the rewrite and still carry
 * the message gets the rule-based squeeze instead, and no call is made. Replay and
 * resume read the call from the journal, so they make the same decisions.
 */
export async function runRewriteStep(ctx: RunContext, stepId: string, pending: PendingRewrite): Promise<void> {
  const plan = await ctx.sequencer.run({ id: stepId, phase: 'start' }, () => start(ctx, stepId, pending));
  if (!plan) return;

  let result: StepResult;
  try {
    result = await obtainResult(ctx, stepId, ctx.signal, () => call(ctx, pending, plan));
  } catch (error) {
    ctx.ledger.release(plan.reservation);
    if (ctx.signal.aborted) throw new RunStop('cancelled', 'the run was stopped');
    throw error;
  }
  if (ctx.signal.aborted && !ctx.journaled.has(stepId)) {
    // The run stopped while the model was writing: the step runs again on resume.
    ctx.ledger.release(plan.reservation);
    throw new RunStop('cancelled', 'the run was stopped');
  }

  let committed = false;
  try {
    await ctx.sequencer.run({ id: stepId, phase: 'finish' }, async () => {
      journalStep(ctx, { kind: 'step', id: stepId, phase: 'finish', result });
      committed = true;
      const spent = spentBy(result);
      const overshoot = ctx.ledger.commit(plan.reservation, spent.input + spent.output);
      if (overshoot.length > 0) {
        for (const pool of overshoot) {
          ctx.emit({ type: 'budget.exceeded', key: pool.key, level: pool.level, requested: spent.input + spent.output, remaining: pool.limit - pool.spent, scope: pending.scope });
        }
        throw new RunStop(
          'budget_exhausted',
          `the rewrite of a message on channel ${pending.channel.id} by "${pending.channel.compress.via}" used ${spent.input + spent.output} tokens, ` +
            `more than the ${plan.reservation.tokens} reserved for it; ${overshoot.map((p) => `'${p.key}' is at ${p.spent} of ${p.limit}`).join(', ')}`,
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
      await ctx.router.deliverRewrite(pending, rewrite.text);
    });
  } catch (error) {
    if (!committed) ctx.ledger.release(plan.reservation);
    throw error;
  }
}

/** Reserves the rewrite, or delivers by the rules when the channel cannot afford it. */
async function start(ctx: RunContext, stepId: string, pending: PendingRewrite): Promise<Plan | undefined> {
  ensureLive(ctx, ctx.signal);
  const { channel } = pending;
  const { provider, model } = parseVia(channel.compress.via);
  const receiver = ctx.router.tokenizerOf(channel.to);
  const before = receiver.count(pending.text);
  const perMessage = channel.budget.perMessage ?? Infinity;
  const targetTokens = channel.compress.target === undefined ? Infinity : Math.floor(channel.compress.target * before);
  const output = Math.max(1, Math.min(perMessage, targetTokens, before - 1));
  const input = Math.ceil((tokenizerFor(provider, model).count(pending.text) + REWRITE_PROMPT_TOKENS) * 1.1);
  const cost = input + output;
  const channelKey = budgetKey.channel(channel.id);
  const limit = Math.min(perMessage, ctx.ledger.remaining(channelKey) - cost);

  const keys = [budgetKey.run(), channelKey];
  const reservation = limit >= 1 ? ctx.ledger.reserve(keys, cost) : undefined;
  if (!reservation || isRefusal(reservation)) {
    const short = reservation ? `'${reservation.key}' has ${reservation.remaining} tokens left` : `'${channelKey}' has ${ctx.ledger.remaining(channelKey)} tokens left`;
    journalStep(ctx, { kind: 'step', id: stepId, phase: 'start', inputs: { channel: channel.id, via: channel.compress.via, rewrite: false, cost } });
    await ctx.router.deliverByRules(pending, {
      reason: 'unaffordable',
      detail: `a rewrite needs up to ${cost} tokens and the message at least 1 more; ${short}`,
    });
    return undefined;
  }
  const pool = ctx.ledger.snapshot().find((p) => p.key === channelKey)!;
  ctx.emit({ type: 'budget.reserved', key: channelKey, tokens: cost, used: pool.spent, limit: pool.limit, scope: pending.scope });
  journalStep(ctx, { kind: 'step', id: stepId, phase: 'start', inputs: { channel: channel.id, via: channel.compress.via, rewrite: true, reserved: cost, limit } });
  return { reservation, limit };
}

/** The model's call, outside any section; what it returned (or why it failed, and what that spent) is journaled. */
async function call(ctx: RunContext, pending: PendingRewrite, plan: Plan): Promise<StepResult> {
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
  await rewriteWithLlm(pending.text, { ...rewriteOptions(ctx, pending, plan), runner: recording });
  if (turn) return { type: 'turn', ...turn };
  const charged = (failure as { charged?: unknown } | undefined)?.charged;
  return { type: 'error', message: (failure as Error)?.message ?? String(failure), ...(isUsage(charged) ? { charged } : {}) };
}

function rewriteOptions(ctx: RunContext, pending: PendingRewrite, plan: Plan): Omit<RewriteOptions, 'runner'> {
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
  if (result.type === 'turn') {
    if (result.charged) return result.charged;
    const reported = result.reportedUsage;
    return reported && reported.input + reported.output > result.usage.input + result.usage.output ? reported : result.usage;
  }
  if ((result.type === 'error' || result.type === 'abandoned') && result.charged) return result.charged;
  return { input: 0, output: 0 };
}

function isUsage(value: unknown): value is { input: number; output: number } {
  const usage = value as { input?: unknown; output?: unknown } | undefined;
  return Number.isInteger(usage?.input) && Number.isInteger(usage?.output);
}
