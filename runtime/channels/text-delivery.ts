import { channelBudget } from '../../src/ir/channel-budget.js';
import type { Channel } from '../../src/ir/schema.js';
import type { Tokenizer } from '../tokens/tokenizer.js';
import { budgetKey } from '../ledger/budgets.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Emit } from '../events.js';
import { squeezeToBudget, type SqueezeLevel } from '../squeeze/index.js';

export interface TextDeliveryContext {
  ledger: Ledger;
  emit: Emit;
  /** The receiver's tokenizer: what the message costs is what enters its context. */
  tokenizer: Tokenizer;
  scope?: string;
}

/** The text that reaches the receiver, or undefined when the message was dropped. */
export interface TextDelivery {
  text: string;
  tokens: number;
}

/** A channel refused a message (overflow policy `fail`): the step that sent it ends the run, saying why. */
export class ChannelRefusal extends Error {
  override readonly name = 'ChannelRefusal';
}

/** A `compress squeeze` channel with no level squeezes at this one. */
export const DEFAULT_CHANNEL_SQUEEZE_LEVEL: SqueezeLevel = 2;

/**
 * Delivers a message as text: squeezed first when the channel asks for it (every
 * message, not only those that overflow), then held to the per-message budget and
 * to what remains of the channel's per-run budget. The delivered tokens are
 * charged to the channel.
 */
export function deliverText(channel: Channel, text: string, ctx: TextDeliveryContext): TextDelivery | undefined {
  const body = channel.compress.method === 'squeeze' ? squeezeForChannel(channel, text, ctx) : text;
  return holdToBudget(channel, text, body, ctx);
}

/** What is left of the per-message budget and of the channel's budget for the run. */
export function messageLimit(channel: Channel, ledger: Ledger): number {
  return Math.max(0, Math.min(channelBudget(channel).perMessage, ledger.remaining(budgetKey.channel(channel.id))));
}

/**
 * The rule-based squeeze of a `compress squeeze` channel: its level (default 2),
 * escalating while the text is over the channel's target or over the limit.
 * `fallback` says which rewrite this stands in for, when it does.
 */
export function squeezeForChannel(
  channel: Channel,
  text: string,
  ctx: TextDeliveryContext,
  fallback?: { reason: string; detail: string },
): string {
  const settings: { level?: number; target?: number } = channel.compress.method === 'squeeze' ? channel.compress : {};
  const result = squeezeToBudget(text, {
    level: (settings.level ?? DEFAULT_CHANNEL_SQUEEZE_LEVEL) as SqueezeLevel,
    ...(settings.target !== undefined ? { target: settings.target } : {}),
    limitTokens: messageLimit(channel, ctx.ledger),
    tokenizer: ctx.tokenizer,
  });
  ctx.emit({
    type: 'squeeze',
    channel: channel.id,
    before: result.before,
    after: result.after,
    method: result.method,
    removed: result.removed,
    ...(fallback ? { fallback } : {}),
    scope: ctx.scope,
  });
  return result.text;
}

/**
 * Holds an (already squeezed) message to the channel's limits, applying the
 * overflow policy when it does not fit, and charges what is delivered. `original`
 * is what the sender wrote, for the error a `fail` policy raises.
 */
export function holdToBudget(channel: Channel, original: string, squeezed: string, ctx: TextDeliveryContext): TextDelivery | undefined {
  let body = squeezed;
  let tokens = ctx.tokenizer.count(body);
  const limit = messageLimit(channel, ctx.ledger);

  if (tokens > limit) {
    const overflow = (policy: string) =>
      ctx.emit({ type: 'message.overflow', channel: channel.id, policy, tokens, limit: finite(limit), scope: ctx.scope });
    switch (channel.overflow) {
      case 'fail':
        overflow('fail');
        throw new ChannelRefusal(
          `channel ${channel.id}: a message of ${tokens} tokens exceeds its limit of ${finite(limit)} tokens ` +
            `(per message ${channel.budget.perMessage ?? 'unlimited'}, left this run ${remainingText(ctx, channel)}); ` +
            `the channel's overflow policy is 'fail'`,
        );
      case 'drop':
        overflow('drop');
        return undefined;
      case 'truncate':
        overflow('truncate');
        body = ctx.tokenizer.truncate(body, limit);
        break;
      case 'compress':
        overflow('compress');
        body = squeezeOverflow(channel, body, limit, ctx);
        if (ctx.tokenizer.count(body) > limit) {
          ctx.emit({ type: 'message.overflow', channel: channel.id, policy: 'truncate', tokens: ctx.tokenizer.count(body), limit: finite(limit), scope: ctx.scope });
          body = ctx.tokenizer.truncate(body, limit);
        }
        break;
    }
    tokens = ctx.tokenizer.count(body);
  }

  // A channel with nothing left delivers nothing, rather than an empty message.
  if (tokens === 0) return body.length === 0 && original.length > 0 ? undefined : { text: body, tokens };
  const refused = ctx.ledger.charge([budgetKey.channel(channel.id)], tokens);
  if (refused) throw new Error(`channel ${channel.id}: ${tokens} tokens fit the limit ${limit} but the ledger refused them`);
  return { text: body, tokens };
}

/** The `compress` overflow policy: the least aggressive level that fits, up to level 3. */
function squeezeOverflow(channel: Channel, text: string, limit: number, ctx: TextDeliveryContext): string {
  const result = squeezeToBudget(text, { level: 0, limitTokens: limit, tokenizer: ctx.tokenizer });
  ctx.emit({ type: 'squeeze', channel: channel.id, before: result.before, after: result.after, method: result.method, removed: result.removed, scope: ctx.scope });
  return result.text;
}

function finite(limit: number): number {
  return Number.isFinite(limit) ? limit : Number.MAX_SAFE_INTEGER;
}

function remainingText(ctx: TextDeliveryContext, channel: Channel): string {
  const remaining = ctx.ledger.remaining(budgetKey.channel(channel.id));
  return Number.isFinite(remaining) ? String(remaining) : 'unlimited';
}
