import { describe, expect, it } from 'vitest';
import type { AgentRunner, TurnRequest } from '../../runtime/agents/agent.js';
import { rewriteWithLlm, squeezeToBudget } from '../../runtime/squeeze/index.js';
import { O200K } from '../../runtime/tokens/tokenizer.js';

const original =
  'Sure! Happy to help. Basically, the deploy on 2024-03-12 failed because the cache at /var/cache/app was stale. ' +
  'Alice said "do not restart prod" and we did not restart it. I hope this helps!';

/** A fake model: answers with a fixed text and records what it was asked. */
function fakeRunner(reply: string | Error, usage = { input: 80, output: 20 }) {
  const calls: TurnRequest[] = [];
  const runner: AgentRunner = async (request) => {
    calls.push(request);
    if (reply instanceof Error) throw reply;
    return { output: { text: reply }, text: reply, usage, attempts: 1 };
  };
  return { runner, calls };
}

const base = { via: 'openai:gpt-4o-mini', tokenizer: O200K, target: 0.8 };

describe('rewriteWithLlm', () => {
  it('uses a rewrite that is shorter and keeps every protected span and negation', async () => {
    const reply = 'Deploy on 2024-03-12 failed: cache at /var/cache/app was stale. Alice said "do not restart prod"; we did not restart it.';
    const { runner, calls } = fakeRunner(reply);
    const result = await rewriteWithLlm(original, { ...base, runner });
    expect(result.method).toBe('llm:openai:gpt-4o-mini');
    expect(result.text).toBe(reply);
    expect(result.fallback).toBeUndefined();
    expect(result.usage).toEqual({ input: 80, output: 20 });
    expect(result.after).toBe(O200K.count(reply));
    expect(result.removed).toContain('Sure!');
    expect(calls[0]?.agent).toMatchObject({ kind: 'llm', provider: 'openai', model: 'gpt-4o-mini' });
    expect(calls[0]?.inbox[0]?.text).toBe(original);
    expect(calls[0]?.maxOutputTokens).toBe(result.goal);
  });

  it('falls back to the rule-based squeeze when the rewrite drops a number', async () => {
    const { runner } = fakeRunner('Deploy failed: cache at /var/cache/app was stale. Alice said "do not restart prod"; we did not restart it.');
    const result = await rewriteWithLlm(original, { ...base, runner });
    expect(result.fallback?.reason).toBe('lost-spans');
    expect(result.fallback?.lost).toEqual([{ kind: 'date', text: '2024-03-12' }]);
    expect(result.text).toBe(squeezeToBudget(original, { level: 2, target: 0.8, limitTokens: Infinity, tokenizer: O200K }).text);
    expect(result.usage).toEqual({ input: 80, output: 20 });
  });

  it('falls back when the rewrite loses a negation', async () => {
    const { runner } = fakeRunner('Deploy on 2024-03-12 failed: cache at /var/cache/app was stale. Alice said "do not restart prod"; we restarted it.');
    const result = await rewriteWithLlm(original, { ...base, runner });
    expect(result.fallback?.reason).toBe('lost-spans');
    expect(result.fallback?.lost).toEqual([{ kind: 'negation', text: 'not' }]);
  });

  it('falls back when the rewrite runs over the goal', async () => {
    const { runner } = fakeRunner(original.replace('Sure! ', ''));
    const result = await rewriteWithLlm(original, { ...base, target: 0.3, runner });
    expect(result.fallback?.reason).toBe('over-budget');
    expect(result.method).toMatch(/^squeeze:L[23]$/);
  });

  it('falls back when the rewrite is not shorter', async () => {
    const { runner } = fakeRunner(original + ' Also this.');
    expect((await rewriteWithLlm(original, { ...base, runner })).fallback?.reason).toBe('not-shorter');
  });

  it('charges what the runner says to charge when it reports more than its count', async () => {
    const reply = 'Deploy on 2024-03-12 failed: cache at /var/cache/app was stale. Alice said "do not restart prod"; we did not restart it.';
    const runner: AgentRunner = async () => ({ output: { text: reply }, text: reply, usage: { input: 80, output: 20 }, charged: { input: 95, output: 22 }, attempts: 1 });
    expect((await rewriteWithLlm(original, { ...base, runner })).usage).toEqual({ input: 95, output: 22 });
  });

  it('falls back when the model fails, charging nothing it did not report', async () => {
    const { runner } = fakeRunner(new Error('rate limited'));
    const result = await rewriteWithLlm(original, { ...base, runner });
    expect(result.fallback).toEqual({ reason: 'error', detail: 'rate limited' });
    expect(result.usage).toEqual({ input: 0, output: 0 });
    expect(result.text.length).toBeLessThan(original.length);
  });

  it('rejects a via that is not provider:model, with a hint', async () => {
    const { runner } = fakeRunner('x');
    await expect(rewriteWithLlm(original, { ...base, via: 'gpt-4o', runner })).rejects.toThrow(/provider:model/);
  });
});
