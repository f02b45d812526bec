import { describe, expect, it } from 'vitest';
import { squeeze, squeezeToBudget } from '../../runtime/squeeze/index.js';
import { O200K } from '../../runtime/tokens/tokenizer.js';

const chatty =
  'Sure! Happy to help. You asked about the cache. Basically, the cache is stale. I think the TTL of 300 s is too short. ' +
  'In order to fix it, raise the TTL to 900 s due to the fact that traffic is bursty. I hope this helps! Let me know if you have any questions.';

describe('squeezeToBudget', () => {
  it('stays at the starting level when that already fits, and reports tokens before and after', () => {
    const result = squeezeToBudget(chatty, { level: 1, limitTokens: 1000, tokenizer: O200K });
    expect(result.level).toBe(1);
    expect(result.text).toBe(squeeze(chatty, { level: 1 }).text);
    expect(result.before).toBe(O200K.count(chatty));
    expect(result.after).toBe(O200K.count(result.text));
    expect(result.fits).toBe(true);
    expect(result.method).toBe('squeeze:L1');
  });

  it('escalates level by level until the limit is met', () => {
    const level2 = O200K.count(squeeze(chatty, { level: 2 }).text);
    const result = squeezeToBudget(chatty, { level: 0, limitTokens: level2, tokenizer: O200K });
    expect(result.level).toBe(2);
    expect(result.after).toBeLessThanOrEqual(level2);
    expect(result.fits).toBe(true);
  });

  it('escalates toward the target fraction and says when level 3 still misses it', () => {
    const result = squeezeToBudget(chatty, { target: 0.1, limitTokens: Infinity, tokenizer: O200K });
    expect(result.level).toBe(3);
    expect(result.reachedTarget).toBe(false);
    expect(result.fits).toBe(true);
    expect(result.goal).toBe(Math.floor(0.1 * result.before));
  });

  it('reports a miss of the hard limit instead of truncating', () => {
    const result = squeezeToBudget(chatty, { limitTokens: 5, tokenizer: O200K });
    expect(result.fits).toBe(false);
    expect(result.text).toBe(squeeze(chatty, { level: 3 }).text);
  });

  it('never goes below the starting level', () => {
    expect(squeezeToBudget(chatty, { level: 3, limitTokens: 10_000, tokenizer: O200K }).level).toBe(3);
  });
});
