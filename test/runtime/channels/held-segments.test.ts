import { describe, expect, it } from 'vitest';
import { HeldSegments } from '../../../runtime/channels/held-segments.js';

describe('what a receiver holds', () => {
  it('cuts a held sentence out of a message and keeps the rest as written: lines, lists and code', async () => {
    const held = new HeldSegments();
    await held.remember('reader', 'The cache is warm.');
    const message = 'Status:\n- The cache is warm.\n- Deploy at 10:00.\n\n```\nrun --fast\n```\nThe cache is warm. Ship it.';
    const { text, dropped } = await held.unheld('reader', message);
    expect(dropped.map((d) => d.text)).toEqual(['- The cache is warm.', 'The cache is warm.']);
    expect(text).toBe('Status:\n- Deploy at 10:00.\n\n```\nrun --fast\n```\nShip it.');
  });

  it('drops a sentence repeated within one message, and forgets everything once the receiver has read it', async () => {
    const held = new HeldSegments();
    expect((await held.unheld('reader', 'Tests pass. Tests pass.')).text).toBe('Tests pass.');
    await held.remember('reader', 'Tests pass.');
    expect((await held.unheld('reader', 'Tests pass.')).text).toBe('');
    expect((await held.unheld('other', 'Tests pass.')).text).toBe('Tests pass.');
    held.forget('reader');
    expect((await held.unheld('reader', 'Tests pass.')).text).toBe('Tests pass.');
  });

  it('uses the embedding it is given', async () => {
    const calls: string[][] = [];
    const held = new HeldSegments(0.5, (texts) => {
      calls.push([...texts]);
      return texts.map(() => [1, 0]);
    });
    await held.remember('reader', 'Alpha is ready.');
    expect((await held.unheld('reader', 'Beta is ready.')).dropped).toHaveLength(0);
    expect((await held.unheld('reader', 'alpha is ready.')).dropped).toHaveLength(1);
    expect(calls).toEqual([['Alpha is ready.'], ['Beta is ready.'], ['alpha is ready.']]);
  });
});
