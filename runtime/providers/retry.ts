import type { RequestsConfig } from './config.js';

/**
 * When to try a provider call again, and how long to wait first: exponential backoff with
 * full jitter (a uniform delay in [0, base·2^(n-1)], capped), or exactly what the server's
 * Retry-After asks for. The clock, the sleep and the randomness are injected so tests can
 * check every delay without waiting for it.
 */

export interface RetryPolicy {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** The longest wait between attempts; a Retry-After beyond it ends the retries. */
  maxDelayMs: number;
  /** How long one attempt may take; for a stream, how long it may stay silent. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 120_000,
};

export function retryPolicy(overrides: RequestsConfig | undefined): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, ...Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined)) };
}

/** Time, waiting and chance, replaceable in tests. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Uniform in [0, 1). */
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  },
};

/**
 * The wait a response asks for, in milliseconds: `retry-after-ms` (OpenAI), or `retry-after`
 * as seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Record<string, string> | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number(lower['retry-after-ms']);
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const value = lower['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/** Whether to retry after failed attempt number `attempt` (1-based), and after how long. */
export function nextRetry(attempt: number, policy: RetryPolicy, random: () => number, serverDelayMs?: number): RetryDecision {
  if (attempt >= policy.maxAttempts) {
    return { retry: false, reason: `gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}` };
  }
  if (serverDelayMs !== undefined) {
    if (serverDelayMs > policy.maxDelayMs) {
      return {
        retry: false,
        reason: `the server asked to wait ${Math.ceil(serverDelayMs / 1000)} s, longer than the ${Math.ceil(policy.maxDelayMs / 1000)} s coord waits (requests.maxDelayMs)`,
      };
    }
    return { retry: true, delayMs: serverDelayMs };
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs: Math.floor(random() * ceiling) };
}
