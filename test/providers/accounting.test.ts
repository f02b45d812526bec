import { describe, expect, it } from 'vitest';
import { listPrice, pricerFor } from '../../runtime/providers/prices.js';
import { UsageTally, countPromptTokens, reconcile } from '../../runtime/providers/usage.js';
import { O200K } from '../../runtime/tokens/tokenizer.js';

describe('countPromptTokens', () => {
  it("adds OpenAI's chat framing: 3 per message, its role, and 3 to prime the reply", () => {
    const messages = [
      { role: 'system' as const, content: 'You are terse.' },
      { role: 'user' as const, content: 'Hello there' },
    ];
    const expected = 3 + (3 + O200K.count('system') + O200K.count('You are terse.')) + (3 + O200K.count('user') + O200K.count('Hello there'));
    expect(countPromptTokens(O200K, messages)).toBe(expected);
  });
});

describe('reconcile', () => {
  it('charges the larger of counted and reported, field by field', () => {
    const attempt = reconcile({ input: 100, output: 20 }, { input: 104, output: 19 });
    expect(attempt.charged).toEqual({ input: 104, output: 20 });
    expect(attempt.mismatch).toBe(false);
  });

  it('flags a difference beyond 10% of the larger count', () => {
    expect(reconcile({ input: 100, output: 20 }, { input: 112, output: 20 }).mismatch).toBe(true);
    expect(reconcile({ input: 100, output: 20 }, { input: 110, output: 20 }).mismatch).toBe(false);
  });

  it('charges the count when nothing was reported', () => {
    const attempt = reconcile({ input: 50, output: 5 }, undefined);
    expect(attempt).toEqual({ counted: { input: 50, output: 5 }, charged: { input: 50, output: 5 }, mismatch: false });
  });
});

describe('UsageTally', () => {
  it('sums every attempt once, and reports only what the provider reported', () => {
    const tally = new UsageTally();
    tally.record(reconcile({ input: 50, output: 7 }, undefined));
    tally.record(reconcile({ input: 50, output: 10 }, { input: 60, output: 9 }));
    expect(tally.recorded).toBe(2);
    expect(tally.counted).toEqual({ input: 100, output: 17 });
    expect(tally.charged).toEqual({ input: 110, output: 17 });
    expect(tally.reported).toEqual({ input: 60, output: 9 });
  });

  it('has no report when no attempt had one', () => {
    const tally = new UsageTally();
    tally.record(reconcile({ input: 1, output: 1 }, undefined));
    expect(tally.reported).toBeUndefined();
  });
});

describe('prices', () => {
  const openai = (model: string) => ({ provider: 'openai', model });

  it('come from the bundled catalogue, dated snapshots included, never a different model', () => {
    expect(listPrice(openai('gpt-4o-mini'))).toEqual({ input: expect.closeTo(0.15, 9), output: expect.closeTo(0.6, 9) });
    expect(listPrice(openai('gpt-4o-mini-2024-07-18'))).toEqual(listPrice(openai('gpt-4o-mini')));
    expect(listPrice({ provider: 'anthropic', model: 'claude-sonnet-4-5-20250929' })).toEqual({ input: expect.closeTo(3, 9), output: expect.closeTo(15, 9) });
    expect(pricerFor(openai('gpt-no-such-model'))).toBeUndefined();
    expect(pricerFor({ provider: 'ollama', model: 'qwen2.5:7b' })).toBeUndefined();
  });

  it('cost tokens in dollars', () => {
    expect(pricerFor(openai('gpt-4o-mini'))!({ input: 1_000_000, output: 500_000 })).toBeCloseTo(0.45, 9);
  });

  it('are overridden by the config file, which also prices models behind an endpoint', () => {
    const config = { prices: { 'openai:gpt-4o-mini': { input: 1, output: 2 }, 'vllm:qwen': { input: 0.5, output: 0.5 } } };
    expect(pricerFor(openai('gpt-4o-mini'), config)!({ input: 1_000_000, output: 1_000_000 })).toBeCloseTo(3, 9);
    expect(listPrice({ provider: 'vllm', model: 'qwen' }, config)).toEqual({ input: 0.5, output: 0.5 });
    expect(pricerFor({ provider: 'vllm', model: 'qwen' })).toBeUndefined();
  });
});
