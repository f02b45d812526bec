import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, nextRetry, retryAfterMs, retryPolicy, systemClock } from '../../runtime/providers/retry.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('retryAfterMs', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(retryAfterMs({ 'retry-after': '3' }, NOW)).toBe(3000);
    expect(retryAfterMs({ 'Retry-After': '1.5' }, NOW)).toBe(1500);
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, NOW)).toBe(250);
    expect(retryAfterMs({ 'retry-after': new Date(NOW + 20_000).toUTCString() }, NOW)).toBe(20_000);
  });

  it('treats a date in the past as "now" and ignores what it cannot read', () => {
    expect(retryAfterMs({ 'retry-after': new Date(NOW - 5000).toUTCString() }, NOW)).toBe(0);
    expect(retryAfterMs({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
    expect(retryAfterMs({}, NOW)).toBeUndefined();
    expect(retryAfterMs(undefined, NOW)).toBeUndefined();
  });
});

describe('nextRetry', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 10_000, maxAttempts: 6 };

  it('draws each delay uniformly below an exponentially growing, capped ceiling (full jitter)', () => {
    const ceilings = [1, 2, 3, 4, 5].map((attempt) => nextRetry(attempt, policy, () => 0.999999, undefined));
    expect(ceilings.map((d) => (d.retry ? d.delayMs : -1))).toEqual([999, 1999, 3999, 7999, 9999]);
    expect(nextRetry(3, policy, () => 0, undefined)).toEqual({ retry: true, delayMs: 0 });
  });

  it('waits exactly what the server asked for, within the limit', () => {
    expect(nextRetry(1, policy, () => 0.5, 4000)).toEqual({ retry: true, delayMs: 4000 });
    const tooLong = nextRetry(1, policy, () => 0.5, 60_000);
    expect(tooLong.retry).toBe(false);
    expect(!tooLong.retry && tooLong.reason).toContain('asked to wait 60 s');
  });

  it('stops after the last attempt', () => {
    expect(nextRetry(6, policy, () => 0.5, undefined)).toEqual({ retry: false, reason: 'gave up after 6 attempts' });
  });

  it('takes limits from the config file over the defaults', () => {
    expect(retryPolicy({ maxAttempts: 2 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 2 });
  });
});

describe('systemClock.sleep', () => {
  it('rejects at once when its signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(3_600_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });
});
