import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { classifyFailure, explainFailure } from '../../runtime/providers/errors.js';
import { PROVIDERS } from '../../runtime/providers/registry.js';
import { DEFAULT_RETRY_POLICY } from '../../runtime/providers/retry.js';

const context = { timedOut: false, cancelled: false, now: 0 };

function httpError(statusCode: number, headers?: Record<string, string>) {
  return new APICallError({ message: 'x', url: 'http://h/v1', requestBodyValues: {}, statusCode, ...(headers ? { responseHeaders: headers } : {}) });
}

describe('classifyFailure', () => {
  it.each([
    [429, 'rate_limited', true],
    [500, 'server', true],
    [529, 'server', true],
    [408, 'server', true],
    [400, 'bad_request', false],
    [401, 'auth', false],
    [403, 'forbidden', false],
    [404, 'not_found', false],
    [422, 'bad_request', false],
  ])('HTTP %i is %s, retryable: %s', (status, kind, retryable) => {
    expect(classifyFailure(httpError(status), context)).toMatchObject({ kind, retryable, status, responded: false });
  });

  it('reads the wait a 429 asks for', () => {
    expect(classifyFailure(httpError(429, { 'retry-after': '2' }), context).retryAfterMs).toBe(2000);
  });

  it('finds network error codes anywhere in the cause chain', () => {
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    expect(classifyFailure(reset, context)).toMatchObject({ kind: 'network', retryable: true, detail: 'ECONNRESET', responded: false });
    expect(classifyFailure(new Error('socket hang up'), context)).toMatchObject({ kind: 'network', retryable: true });
  });

  it('puts cancellation and our own timeout before anything the SDK says', () => {
    expect(classifyFailure(httpError(500), { ...context, cancelled: true }).kind).toBe('cancelled');
    expect(classifyFailure(new Error('aborted'), { ...context, timedOut: true })).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('does not retry an error that never reached the provider', () => {
    expect(classifyFailure(new RangeError('bad argument'), context)).toMatchObject({ kind: 'unexpected', retryable: false });
  });
});

describe('explainFailure', () => {
  const target = { agent: 'planner', model: 'gpt-4o', settings: { definition: PROVIDERS.openai, baseURL: 'https://api.openai.com/v1', apiKey: 'k', keySource: 'OPENAI_API_KEY', headers: {}, retry: DEFAULT_RETRY_POLICY } };

  it('says which key was rejected, and where it was set', () => {
    expect(explainFailure({ kind: 'auth', retryable: false, status: 401, detail: '', responded: false }, target).message).toBe(
      'HTTP 401: the key in OPENAI_API_KEY was rejected by https://api.openai.com/v1',
    );
    const fromFile = { ...target, settings: { ...target.settings, keySource: 'providers.openai.apiKey in the config file' } };
    expect(explainFailure({ kind: 'auth', retryable: false, status: 401, detail: '', responded: false }, fromFile).message).toContain('providers.openai.apiKey');
  });
});
