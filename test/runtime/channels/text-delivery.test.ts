import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/ir/schema.js';
import { ChannelRefusal, deliverText } from '../../../runtime/channels/text-delivery.js';
import { budgetKey } from '../../../runtime/ledger/budgets.js';
import { Ledger } from '../../../runtime/ledger/ledger.js';
import type { EventBody } from '../../../runtime/events.js';
import { O200K } from '../../../runtime/tokens/tokenizer.js';

const LONG = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} says something about the budget.`).join(' ');

function channel(extra: Partial<Channel>): Channel {
  return { id: 'a->b', from: 'a', to: 'b', mode: 'text', budget: { perMessage: 50, perRun: 120 }, compress: { method: 'none' }, overflow: 'truncate', ...extra };
}

function setup(c: Channel) {
  const ledger = new Ledger();
  ledger.declare(budgetKey.channel(c.id), 'channel', c.budget.perRun);
  const events: EventBody[] = [];
  return { ledger, events, ctx: { ledger, emit: (e: EventBody) => events.push(e), tokenizer: O200K } };
}

describe('text delivery', () => {
  it('delivers a message that fits whole and charges the channel', () => {
    const c = channel({});
    const { ledger, events, ctx } = setup(c);
    const delivered = deliverText(c, 'A short note.', ctx);
    expect(delivered).toEqual({ text: 'A short note.', tokens: O200K.count('A short note.') });
    expect(ledger.remaining('channel:a->b')).toBe(120 - delivered!.tokens);
    expect(events).toEqual([]);
  });

  it('truncates at a token boundary to the per-message budget', () => {
    const c = channel({ overflow: 'truncate' });
    const { events, ctx } = setup(c);
    const delivered = deliverText(c, LONG, ctx)!;
    expect(delivered.tokens).toBeLessThanOrEqual(50);
    expect(LONG.startsWith(delivered.text)).toBe(true);
    expect(events[0]).toMatchObject({ type: 'message.overflow', policy: 'truncate', limit: 50 });
  });

  it('holds a message to what remains of the channel budget for the run', () => {
    const c = channel({ budget: { perMessage: 100, perRun: 120 } });
    const { ctx } = setup(c);
    expect(deliverText(c, LONG, ctx)!.tokens).toBeLessThanOrEqual(100);
    const second = deliverText(c, LONG, ctx)!;
    expect(second.tokens).toBeLessThanOrEqual(20);
    expect(deliverText(c, LONG, ctx)).toBeUndefined();
  });

  it('compresses with squeeze, then truncates what still does not fit', () => {
    const c = channel({ overflow: 'compress' });
    const { events, ctx } = setup(c);
    const wordy = `Hello! I hope this finds you well. ${LONG} Thanks so much, and best regards!`;
    const delivered = deliverText(c, wordy, ctx)!;
    expect(delivered.tokens).toBeLessThanOrEqual(50);
    expect(events.map((e) => e.type)).toEqual(['message.overflow', 'squeeze', 'message.overflow']);
    expect(events[1]).toMatchObject({ method: 'squeeze:L3' });
    expect((events[1] as { after: number; before: number }).after).toBeLessThan((events[1] as { before: number }).before);
  });

  it('drops a message that does not fit, and delivers nothing', () => {
    const c = channel({ overflow: 'drop' });
    const { ledger, events, ctx } = setup(c);
    expect(deliverText(c, LONG, ctx)).toBeUndefined();
    expect(ledger.remaining('channel:a->b')).toBe(120);
    expect(events[0]).toMatchObject({ type: 'message.overflow', policy: 'drop' });
  });

  it('refuses the message naming the channel, the sizes and the limit (the step that sent it fails the run)', () => {
    const c = channel({ overflow: 'fail' });
    const { ctx } = setup(c);
    let error: unknown;
    try {
      deliverText(c, LONG, ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChannelRefusal);
    expect((error as ChannelRefusal).message).toMatch(new RegExp(`channel a->b: a message of ${O200K.count(LONG)} tokens exceeds its limit of 50 tokens`));
  });

  it('squeezes first when the channel says so, even when the message fits', () => {
    const c = channel({ budget: { perMessage: 1000 }, compress: { method: 'squeeze', level: 1 } });
    const { events, ctx } = setup(c);
    const delivered = deliverText(c, 'Hi there!   Thanks so much.   The answer is 42.', ctx)!;
    expect(events[0]).toMatchObject({ type: 'squeeze', method: 'squeeze:L1' });
    expect(delivered.text).toContain('42');
  });
});
