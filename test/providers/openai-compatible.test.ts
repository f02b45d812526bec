// These tests start a real HTTP server on 127.0.0.1 (port 0) that speaks OpenAI's chat
// completions protocol (test/support/fake-openai.ts), standing in for Ollama, vLLM or
// llama.cpp; nothing leaves the machine and no key is needed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LlmTurnError } from '../../runtime/providers/errors.js';
import { createLlmAgent } from '../../runtime/providers/llm-agent.js';
import { APPROXIMATE } from '../../runtime/tokens/tokenizer.js';
import { type FakeServer, reply } from '../support/fake-llm-server.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { instantClock, llmAgent, turnRequest } from './fixtures.js';

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeOpenAI();
});
afterEach(() => server.close());

describe.each([true, false])('ollama agent, stream: %s', (stream) => {
  it('talks to the OpenAI-compatible endpoint at OLLAMA_BASE_URL without any key', async () => {
    server.enqueue(reply.text('Hi from a local model.', { input: 70, output: 6 }));
    const agent = createLlmAgent(llmAgent('ollama', 'qwen2.5:7b'), { env: { OLLAMA_BASE_URL: server.baseURL }, stream, clock: instantClock() });
    const result = await agent(turnRequest());

    expect(result.output).toEqual({ text: 'Hi from a local model.' });
    const [request] = server.requests;
    expect(request!.path).toBe('/v1/chat/completions');
    expect(request!.body.model).toBe('qwen2.5:7b');
    // No tokenizer is known for local models: coord counts with its declared approximation.
    expect(result.usage.output).toBe(APPROXIMATE.count('Hi from a local model.'));
    expect(result.reportedUsage).toEqual({ input: 70, output: 6 });
    expect(result.cost).toBeUndefined();
  });

  it('says how to get a model that the server does not have', async () => {
    server.enqueue(reply.status(404, 'model "qwen9" not found, try pulling it first'));
    const agent = createLlmAgent(llmAgent('ollama', 'qwen9'), { env: { OLLAMA_BASE_URL: server.baseURL }, stream, clock: instantClock() });
    const error = await agent(turnRequest()).then(() => undefined, (e: unknown) => e as LlmTurnError);
    expect(error).toBeInstanceOf(LlmTurnError);
    expect(error!.message).toContain('HTTP 404: model qwen9 was not found at');
    expect(error!.hint).toBe('pull it with "ollama pull qwen9", or fix the model name in the .coord file');
  });
});

describe('openai agent at a compatible base URL', () => {
  it('works without OPENAI_API_KEY, as vLLM or llama.cpp servers do', async () => {
    server.enqueue(reply.text('served locally', { input: 30, output: 2 }));
    const agent = createLlmAgent(llmAgent('openai', 'meta-llama/Llama-3.1-8B-Instruct'), { env: { OPENAI_BASE_URL: server.baseURL }, clock: instantClock() });
    const result = await agent(turnRequest());
    expect(result.text).toBe('served locally');
    expect(server.requests[0]!.body.stream_options).toEqual({ include_usage: true });
  });

  it('takes its base URL and key from the config file when the environment has none', async () => {
    const keyed = await startFakeOpenAI({ apiKey: 'from-file' });
    try {
      keyed.enqueue(reply.text('ok', { input: 30, output: 1 }));
      const config = { providers: { openai: { baseURL: keyed.baseURL, apiKey: 'from-file' } } };
      const agent = createLlmAgent(llmAgent('openai', 'gpt-4o-mini'), { env: {}, config, clock: instantClock() });
      expect((await agent(turnRequest())).text).toBe('ok');
      expect(keyed.requests[0]!.headers.authorization).toBe('Bearer from-file');
    } finally {
      await keyed.close();
    }
  });
});
