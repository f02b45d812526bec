import type { Channel } from '../../src/ir/schema.js';
import type { Tokenizer } from '../tokens/tokenizer.js';
import { budgetKey } from '../ledger/budgets.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Emit } from '../run/emit.js';
import { RunStop } from '../run/stop.js';

/** The rule-based compressor (runtime/squeeze), passed in so tests can watch it. */
export type Squeeze = (text: string, options: { level: 0 | 1 | 2 | 3 }) => { text: string; removed: string[] };

export interface TextDeliveryContext {
  ledger: Ledger;
  emit: Emit;
  /** The receiver's tokenizer: what the message costs is what enters its context. */
  tokenizer: Tokenizer;
  squeeze: Squeeze;
  scope?: string;
}

/** The text that reaches the receiver, or undefined when the message was dropped. */
export interface TextDelivery {
  text: string;
  tokens: number;
}

type Level = 0 | 1 | 2 | 3;
const OVERFLOW_SQUEEZE_LEVEL: Level = 3;

/**
 * Delivers a message as text: squeezed first when the channel asks for it, then held
 * to the per-message budget and to what remains of the channel's per-run budget,
 * applying the channel's overflow policy when it does not fit. The delivered tokens
 * are charged to the channel.
 */
export function deliverText(channel: Channel, text: string, ctx: TextDeliveryContext): TextDelivery | undefined {
  let body = channel.compress.method === 'squeeze' ? squeezeToTarget(channel, text, ctx) : text;
  let tokens = ctx.tokenizer.count(body);
  const limit = Math.max(0, Math.min(channel.budget.perMessage ?? Infinity, ctx.ledger.remaining(budgetKey.channel(channel.id))));

  if (tokens > limit) {
    const overflow = (policy: string) =>
      ctx.emit({ type: 'message.overflow', channel: channel.id, policy, tokens, limit: finite(limit), scope: ctx.scope });
    switch (channel.overflow) {
      case 'fail':
        overflow('fail');
        throw new RunStop(
          'failed',
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
        body = squeezeAt(channel, body, OVERFLOW_SQUEEZE_LEVEL, ctx);
        if (ctx.tokenizer.count(body) > limit) {
          ctx.emit({ type: 'message.overflow', channel: channel.id, policy: 'truncate', tokens: ctx.tokenizer.count(body), limit: finite(limit), scope: ctx.scope });
          body = ctx.tokenizer.truncate(body, limit);
        }
        break;
    }
    tokens = ctx.tokenizer.count(body);
  }

  // A channel with nothing left delivers nothing, rather than an empty message.
  if (tokens === 0) return body.length === 0 && text.length > 0 ? undefined : { text: body, tokens };
  const refused = ctx.ledger.charge([budgetKey.channel(channel.id)], tokens);
  if (refused) throw new Error(`channel ${channel.id}: ${tokens} tokens fit the limit ${limit} but the ledger refused them`);
  return { text: body, tokens };
}

/** Squeezes at the channel's level; with a target ratio, the least aggressive level that reaches it. */
function squeezeToTarget(channel: Channel, text: string, ctx: TextDeliveryContext): string {
  if (channel.compress.method !== 'squeeze') return text;
  const { level, target } = channel.compress;
  if (level !== undefined || target === undefined) return squeezeAt(channel, text, (level ?? 2) as Level, ctx);
  const goal = Math.floor(ctx.tokenizer.count(text) * target);
  for (const candidate of [0, 1, 2, 3] as const) {
    const squeezed = ctx.squeeze(text, { level: candidate });
    if (ctx.tokenizer.count(squeezed.text) <= goal || candidate === 3) return squeezeAt(channel, text, candidate, ctx);
  }
  return text;
}

function squeezeAt(channel: Channel, text: string, level: Level, ctx: TextDeliveryContext): string {
  const squeezed = ctx.squeeze(text, { level });
  ctx.emit({
    type: 'squeeze',
    channel: channel.id,
    before: ctx.tokenizer.count(text),
    after: ctx.tokenizer.count(squeezed.text),
    method: `squeeze level ${level}`,
    removed: squeezed.removed,
    scope: ctx.scope,
  });
  return squeezed.text;
}

function finite(limit: number): number {
  return Number.isFinite(limit) ? limit : Number.MAX_SAFE_INTEGER;
}

function remainingText(ctx: TextDeliveryContext, channel: Channel): string {
  const remaining = ctx.ledger.remaining(budgetKey.channel(channel.id));
  return Number.isFinite(remaining) ? String(remaining) : 'unlimited';
}
