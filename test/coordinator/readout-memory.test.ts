import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/ir/schema.js';
import { ReadoutMemory } from '../../runtime/coordinator/readout-memory.js';
import type { HopView } from '../../runtime/coordinator/readout.js';
import type { CoordinatorMessage } from '../../runtime/coordinator/types.js';

const channel = (from: string): Channel => ({ id: `${from}->d`, from, to: 'd', mode: 'hybrid', budget: {}, compress: { method: 'none' }, overflow: 'truncate' });
const count = (text: string) => text.split(/\s+/).filter(Boolean).length;
const message = (id: string, from: string, texts: string[]): CoordinatorMessage => ({
  id,
  channel: channel(from),
  from,
  to: 'd',
  text: texts.join(' '),
  segments: texts.map((text, index) => ({ index, text, tokens: count(text) })),
});
const everything = async (_query: string, slots: readonly unknown[]) => slots.map(() => 1);
const ask = (from: string) => ({ receiver: 'd', channel: channel(from), query: 'q', budgetTokens: 100, countTokens: count });

describe('ReadoutMemory', () => {
  it('never reads out a message already delivered as text, though it keeps it in memory', async () => {
    const memory = new ReadoutMemory();
    memory.add(message('a#1', 'a', ['Forwarded as text.', 'Its second sentence.']), []);
    memory.add(message('a#2', 'a', ['Kept latent.']), []);
    memory.markDelivered('a#1');
    const read = await memory.read(ask('a'), everything, { hops: 1, threshold: 0 });
    expect(read.map((s) => s.text)).toEqual(['Kept latent.']);
    expect(memory.slotsOf('a->d')).toHaveLength(3);
  });

  it('restores what was delivered from a snapshot', async () => {
    const first = new ReadoutMemory();
    first.add(message('a#1', 'a', ['One.']), []);
    first.add(message('a#2', 'a', ['Two.']), []);
    first.markDelivered('a#2');
    const again = new ReadoutMemory(first.toJSON(), first.deliveredMessages());
    expect((await again.read(ask('a'), everything, { hops: 1, threshold: 0 })).map((s) => s.text)).toEqual(['One.']);
  });

  it('follows later hops across the receiver\'s other channels, leaving their delivered messages out too', async () => {
    const memory = new ReadoutMemory();
    memory.add(message('a#1', 'a', ['Latent on a.']), []);
    memory.add(message('b#1', 'b', ['Delivered on b.']), []);
    memory.markDelivered('b#1');
    const read = await memory.read(ask('a'), everything, { hops: 2, threshold: 0 });
    expect(read.map((s) => s.text)).toEqual(['Latent on a.']);
  });

  it('lets a stop rule decide what a readout reads, never among messages delivered as text', async () => {
    const memory = new ReadoutMemory();
    memory.add(message('a#1', 'a', ['First.', 'Second.']), []);
    memory.add(message('a#2', 'a', ['Delivered.']), []);
    memory.markDelivered('a#2');
    const seen: string[][] = [];
    const onlySecond = (view: HopView) => {
      seen.push(view.candidates.map((c) => c.slot.text));
      return view.candidates.map((c) => c.slot.text === 'Second.');
    };
    const read = await memory.read(ask('a'), everything, { hops: 1, threshold: 0, stop: onlySecond });
    expect(read.map((s) => s.text)).toEqual(['Second.']);
    expect(seen).toEqual([['First.', 'Second.']]);
  });
});
