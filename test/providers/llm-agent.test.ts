// These tests start real HTTP servers on 127.0.0.1 (port 0) that speak OpenAI's and
// Anthropic's wire protocols (test/support/fake-openai.ts, fake-anthropic.ts); nothing
// leaves the machine and no API key is real.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RetryNotice } from '../../runtime/agents/agent.js';
import { LlmTurnError } from '../../runtime/providers/errors.js';
import { createLlmAgent } from '../../runtime/providers/llm-agent.js';
import { budgetSentence } from '../../runtime/providers/prompt.js';
import { APPROXIMATE, O200K, type Tokenizer } from '../../runtime/tokens/tokenizer.js';
import { startFakeAnthropic } from '../support/fake-anthropic.js';
import { type FakeServer, type RecordedRequest, reply } from '../support/fake-llm-server.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { NOW, instantClock, llmAgent, stuckClock, turnRequest } from './fixtures.js';

const KEY = 'test-key-123';

interface ProviderCase {
  provider: 'openai' | 'anthropic';
  model: string;
  start: typeof startFakeOpenAI;
  keyVariable: string;
  baseUrlVariable: string;
  tokenizer: Tokenizer;
  /** The conversation as the provider received it, roles and texts, system first. */
  conversation(body: Record<string, unknown>): { role: string; content: string }[];
}

const openai: ProviderCase = {
  provider: 'openai',
  model: 'gpt-4o-mini',
  start: startFakeOpenAI,
  keyVariable: 'OPENAI_API_KEY',
  baseUrlVariable: 'OPENAI_BASE_URL',
  tokenizer: O200K,
  conversation: (body) => body.messages as { role: string; content: string }[],
};

const anthropic: ProviderCase = {
  provider: 'anthropic',
  model: 'claude-haiku-4-5',
  start: startFakeAnthropic,
  keyVariable: 'ANTHROPIC_API_KEY',
  baseUrlVariable: 'ANTHROPIC_BASE_URL',
  tokenizer: APPROXIMATE,
  conversation: (body) => [
    { role: 'system', content: (body.system as { text: string }[]).map((part) => part.text).join('') },
    ...(body.messages as { role: string; content: { text: string }[] }[]).map((m) => ({
      role: m.role,
      content: m.content.map((part) => part.text).join(''),
    })),
  ],
};

/** OpenAI's chat framing, computed independently of the code under test: 3 per message, 3 to prime. */
function promptTokens(c: ProviderCase, request: RecordedRequest): number {
  return c.conversation(request.body).reduce((sum, m) => sum + 3 + c.tokenizer.count(m.role) + c.tokenizer.count(m.content), 3);
}

describe.each([
  { c: openai, stream: true },
  { c: openai, stream: false },
  { c: anthropic, stream: true },
  { c: anthropic, stream: false },
])('$c.provider agent, stream: $stream', ({ c, stream }) => {
  let server: FakeServer;
  let clock: ReturnType<typeof instantClock>;

  beforeEach(async () => {
    server = await c.start({ apiKey: KEY });
    clock = instantClock();
  });
  afterEach(() => server.close());

  function runner(output?: Parameters<typeof llmAgent>[2], timeoutMs = 60_000) {
    const env = { [c.keyVariable]: KEY, [c.baseUrlVariable]: server.baseURL };
    return createLlmAgent(llmAgent(c.provider, c.model, output), { env, config: { requests: { timeoutMs } }, stream, clock });
  }

  async function failure(promise: Promise<unknown>): Promise<LlmTurnError> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(LlmTurnError);
    return error as LlmTurnError;
  }

  it('answers, sends the role, the budget and the output cap, and reports both usages', async () => {
    server.enqueue(reply.text('Because of Rayleigh scattering.', { input: 61, output: 7 }));
    const result = await runner()(turnRequest({ maxOutputTokens: 123, outgoingBudget: 300 }));

    expect(result.output).toEqual({ text: 'Because of Rayleigh scattering.' });
    expect(result.text).toBe('Because of Rayleigh scattering.');
    expect(result.attempts).toBe(1);
    const [request] = server.requests;
    expect(request!.body.max_tokens).toBe(123);
    expect(request!.body.stream === true).toBe(stream);
    const [system, user] = c.conversation(request!.body);
    expect(system!.content).toContain('Split the question into sub-questions.');
    expect(system!.content).toContain(budgetSentence(300));
    expect(user!.content).toContain('Why is the sky blue?');

    const counted = { input: promptTokens(c, request!), output: c.tokenizer.count('Because of Rayleigh scattering.') };
    expect(result.usage).toEqual(counted);
    expect(result.reportedUsage).toEqual({ input: 61, output: 7 });
    expect(result.charged).toEqual({ input: Math.max(61, counted.input), output: Math.max(7, counted.output) });
    expect(result.cost).toBeGreaterThan(0);
  });

  it('charges the larger count and flags a report that is far off', async () => {
    server.enqueue(reply.text('Short answer.', { input: 5000, output: 900 }));
    const result = await runner()(turnRequest());
    expect(result.charged).toEqual({ input: 5000, output: 900 });
    expect(result.usageMismatch).toBe(true);
  });

  it('falls back to its own count when the provider reports no usage', async () => {
    server.enqueue(reply.text('No usage here.', 'missing'));
    const result = await runner()(turnRequest());
    const counted = { input: promptTokens(c, server.requests[0]!), output: c.tokenizer.count('No usage here.') };
    expect(result.usage).toEqual(counted);
    expect(result.charged).toEqual(counted);
  });

  it('waits as long as Retry-After says (seconds) after a 429, then succeeds, charging only the answered attempt', async () => {
    server.enqueue(reply.status(429, 'Rate limit reached', { 'retry-after': '7' }), reply.text('ok', { input: 40, output: 1 }));
    const retries: RetryNotice[] = [];
    const result = await runner()(turnRequest({ onRetry: (r) => retries.push(r) }));

    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([7000]);
    expect(retries).toEqual([{ attempt: 2, reason: expect.stringContaining('HTTP 429') as string, delayMs: 7000 }]);
    expect(result.attempts).toBe(2);
    expect(result.usage).toEqual({ input: promptTokens(c, server.requests[1]!), output: c.tokenizer.count('ok') });
    expect(result.reportedUsage).toEqual({ input: 40, output: 1 });
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const date = new Date(NOW + 12_000).toUTCString();
    server.enqueue(reply.status(429, 'Rate limit reached', { 'retry-after': date }), reply.text('ok', { input: 40, output: 1 }));
    await runner()(turnRequest());
    expect(clock.sleeps).toEqual([12_000]);
  });

  it('retries 5xx with exponential backoff and full jitter', async () => {
    server.enqueue(reply.status(500, 'boom'), reply.status(503, 'overloaded'), reply.text('ok', { input: 40, output: 1 }));
    const result = await runner()(turnRequest());
    expect(server.requests).toHaveLength(3);
    // random() = 0.5 of ceilings 500 ms and 1000 ms.
    expect(clock.sleeps).toEqual([250, 500]);
    expect(result.attempts).toBe(3);
    expect(result.usage.input).toBe(promptTokens(c, server.requests[2]!));
  });

  it('gives up after the last attempt with a message naming provider, model, status and a hint', async () => {
    server.enqueue(...Array.from({ length: 4 }, () => reply.status(500, 'internal failure')));
    const error = await failure(runner()(turnRequest()));
    expect(server.requests).toHaveLength(4);
    expect(error.attempts).toBe(4);
    expect(error.message).toContain(`agent planner (${c.provider}:${c.model})`);
    expect(error.message).toContain('HTTP 500');
    expect(error.message).toContain('gave up after 4 attempts');
    expect(error.hint).not.toBe('');
    expect(error.charged).toEqual({ input: 0, output: 0 });
  });

  it('does not retry a rejected key, and says which variable holds it', async () => {
    const env = { [c.keyVariable]: 'wrong-key', [c.baseUrlVariable]: server.baseURL };
    const agent = createLlmAgent(llmAgent(c.provider, c.model), { env, stream, clock });
    const error = await failure(agent(turnRequest()));
    expect(server.requests).toHaveLength(1);
    expect(error.message).toContain(`HTTP 401: the key in ${c.keyVariable} was rejected`);
    expect(error.failure.kind).toBe('auth');
  });

  it.each([
    [400, 'bad_request', 'rejected the request'],
    [403, 'forbidden', 'is not allowed to use'],
    [404, 'not_found', 'was not found at'],
  ])('does not retry HTTP %i', async (status, kind, words) => {
    server.enqueue(reply.status(status, 'no'), reply.text('never sent', { input: 1, output: 1 }));
    const error = await failure(runner()(turnRequest()));
    expect(server.requests).toHaveLength(1);
    expect(error.failure.kind).toBe(kind);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain(words);
  });

  it('abandons an attempt that hangs past the timeout, charges its prompt, and retries', async () => {
    server.enqueue(reply.hang(), reply.text('ok', { input: 40, output: 1 }));
    const result = await runner(undefined, 300)(turnRequest());
    expect(server.requests).toHaveLength(2);
    expect(result.attempts).toBe(2);
    // The hung attempt may have been processed: its prompt is charged once, as counted.
    expect(result.usage.input).toBe(promptTokens(c, server.requests[0]!) + promptTokens(c, server.requests[1]!));
  });

  it(stream ? 'lets a slow stream finish as long as it never falls silent past the timeout' : 'abandons a JSON answer slower than the timeout', async () => {
    // 12 events 60 ms apart: longer in total than the 400 ms timeout, never silent for that long.
    server.enqueue(reply.slow('one two three four five six', { input: 40, output: 6 }, 6, 60), reply.text('ok', { input: 40, output: 1 }));
    const result = await runner(undefined, 400)(turnRequest());
    expect(server.requests).toHaveLength(stream ? 1 : 2);
    expect(result.text).toBe(stream ? 'one two three four five six' : 'ok');
  });

  it('retries a malformed response, charging the prompt the server processed', async () => {
    server.enqueue(reply.malformed(), reply.text('ok', { input: 40, output: 1 }));
    const result = await runner()(turnRequest());
    expect(server.requests).toHaveLength(2);
    expect(result.usage).toEqual({
      input: promptTokens(c, server.requests[0]!) + promptTokens(c, server.requests[1]!),
      output: c.tokenizer.count('ok'),
    });
  });

  it('retries a connection dropped mid-answer, charging what arrived exactly once, within the turn cap', async () => {
    server.enqueue(
      reply.truncate('The sky scatters short wavelengths of sunlight more strongly', { input: 50, output: 12 }),
      reply.text('Rayleigh scattering.', { input: 50, output: 4 }),
    );
    const result = await runner()(turnRequest({ maxOutputTokens: 200 }));
    expect(server.requests).toHaveLength(2);
    const partial = server.requests[0]!.delivered;
    if (stream) expect(partial.length).toBeGreaterThan(0);
    const partialTokens = c.tokenizer.count(partial);
    expect(result.usage.output).toBe(partialTokens + c.tokenizer.count('Rayleigh scattering.'));
    expect(result.usage.input).toBe(promptTokens(c, server.requests[0]!) + promptTokens(c, server.requests[1]!));
    // What the failed attempt produced comes out of the turn's cap.
    expect(server.requests[1]!.body.max_tokens).toBe(200 - partialTokens);
  });

  it('stops promptly when the turn is cancelled mid-request, charging the prompt it sent', async () => {
    server.enqueue(reply.hang());
    const controller = new AbortController();
    const pending = runner()(turnRequest({ signal: controller.signal }));
    await server.waitForRequests(1);
    controller.abort();
    const error = await failure(pending);
    expect(error.cancelled).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('stops promptly when the turn is cancelled while waiting to retry', async () => {
    server.enqueue(reply.status(503, 'overloaded'));
    const controller = new AbortController();
    const env = { [c.keyVariable]: KEY, [c.baseUrlVariable]: server.baseURL };
    const agent = createLlmAgent(llmAgent(c.provider, c.model), { env, stream, clock: stuckClock(() => controller.abort()) });
    const error = await failure(agent(turnRequest({ signal: controller.signal })));
    expect(error.cancelled).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  describe('structured output', () => {
    const fields = [
      { name: 'questions', type: 'string[]' as const },
      { name: 'done', type: 'boolean' as const },
    ];

    it('asks the provider for JSON of the schema through the SDK, and returns the validated object', async () => {
      server.enqueue(reply.text('{"questions": ["What is light?"], "done": false}', { input: 90, output: 12 }));
      const result = await runner(fields)(turnRequest());
      expect(result.output).toEqual({ questions: ['What is light?'], done: false });
      const body = server.requests[0]!.body;
      // The schema travels as the request's response format, not in the prompt.
      const format = c.provider === 'openai' ? body.response_format : (body.output_config ?? body.tools);
      expect(JSON.stringify(format)).toContain('"questions":{"type":"array","items":{"type":"string"}}');
      // Not OpenAI's strict mode: it would forbid the undeclared fields an output may carry (its `message`).
      if (c.provider === 'openai') expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: false, schema: { required: ['questions', 'done'] } } });
      expect(c.conversation(body)[0]!.content).not.toContain('"questions"');
    });

    it('fails as invalid output, charged and without a corrective retry, when the answer does not match', async () => {
      server.enqueue(reply.text('{"questions": "What is light?", "done": false}', { input: 90, output: 12 }));
      const error = await failure(runner(fields)(turnRequest()));
      expect(server.requests).toHaveLength(1);
      expect(error.failure.kind).toBe('invalid_output');
      expect(error.message).toContain('did not match the declared output');
      expect(error.charged.input).toBeGreaterThanOrEqual(90);
      expect(error.charged.output).toBeGreaterThanOrEqual(12);
    });
  });
});

describe('network failures', () => {
  it('retries a refused connection and then names the address it could not reach', async () => {
    const closed = await startFakeOpenAI();
    const baseURL = closed.baseURL;
    await closed.close();
    const clock = instantClock();
    const agent = createLlmAgent(llmAgent('openai', 'gpt-4o-mini'), { env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: baseURL }, clock });
    const error = await agent(turnRequest()).then(() => undefined, (e: unknown) => e as LlmTurnError);
    expect(error).toBeInstanceOf(LlmTurnError);
    expect(error!.attempts).toBe(4);
    expect(clock.sleeps).toHaveLength(3);
    expect(error!.message).toContain(`could not reach ${baseURL} (ECONNREFUSED)`);
    expect(error!.charged).toEqual({ input: 0, output: 0 });
  });
});

describe('a stream that fails after reporting usage', () => {
  it('charges the failed attempt as the provider reported it (Anthropic reports input first)', async () => {
    const server = await startFakeAnthropic({ apiKey: KEY });
    try {
      server.enqueue(reply.truncate('Partial words that never finish properly', { input: 5000, output: 9 }), reply.text('done', { input: 60, output: 2 }));
      const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.baseURL };
      const result = await createLlmAgent(llmAgent('anthropic', 'claude-haiku-4-5'), { env, clock: instantClock() })(turnRequest());
      const second = promptTokens(anthropic, server.requests[1]!);
      expect(result.charged!.input).toBe(5000 + Math.max(60, second));
      expect(result.reportedUsage).toEqual({ input: 5060, output: 2 });
      expect(result.usage.input).toBe(promptTokens(anthropic, server.requests[0]!) + second);
    } finally {
      await server.close();
    }
  });
});
