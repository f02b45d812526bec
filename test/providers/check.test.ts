import { describe, expect, it } from 'vitest';
import { assertProvidersReady, checkProviders } from '../../runtime/providers/check.js';
import { ConfigError } from '../../runtime/providers/config.js';
import { createLlmAgent } from '../../runtime/providers/llm-agent.js';
import type { Channel } from '../../src/ir/schema.js';
import { llmAgent, named, workflow } from './fixtures.js';

const planner = named(llmAgent('openai', 'gpt-4o-mini'), 'planner');
const critic = named(llmAgent('openai', 'gpt-4o'), 'critic');
const writer = named(llmAgent('anthropic', 'claude-haiku-4-5'), 'writer');
const local = named(llmAgent('ollama', 'qwen2.5:7b'), 'local');

describe('checkProviders', () => {
  it('names the missing variable and every agent that needs it', () => {
    const problems = checkProviders(workflow([planner, critic, writer]), {}, {});
    expect(problems).toHaveLength(2);
    expect(problems[0]!.message).toBe('OPENAI_API_KEY is not set: agent planner and agent critic use OpenAI');
    expect(problems[0]!.hint).toContain('export OPENAI_API_KEY=');
    expect(problems[1]!.message).toBe('ANTHROPIC_API_KEY is not set: agent writer uses Anthropic');
  });

  it('is satisfied by keys from the environment or from the config file', () => {
    const ir = workflow([planner, writer]);
    expect(checkProviders(ir, { OPENAI_API_KEY: 'sk-1', ANTHROPIC_API_KEY: 'sk-ant' }, {})).toEqual([]);
    expect(checkProviders(ir, {}, { providers: { openai: { apiKey: 'sk-1' }, anthropic: { apiKey: 'sk-ant' } } })).toEqual([]);
  });

  it('treats an empty variable as unset', () => {
    expect(checkProviders(workflow([planner]), { OPENAI_API_KEY: '  ' }, {})[0]!.message).toContain('OPENAI_API_KEY is not set');
  });

  it('needs no key for Ollama, nor for an OpenAI-compatible server at another base URL', () => {
    expect(checkProviders(workflow([local]), {}, {})).toEqual([]);
    expect(checkProviders(workflow([planner]), { OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }, {})).toEqual([]);
  });

  it('reports an unknown provider and a base URL that is not http(s)', () => {
    const unknown = checkProviders(workflow([named(llmAgent('mistral', 'large'), 'm')]), {}, {});
    expect(unknown[0]!.message).toBe('unknown provider "mistral" (used by agent m): not built in, and not an endpoint of coord.config.json');
    expect(unknown[0]!.hint).toContain('endpoints.mistral');
    const badUrl = checkProviders(workflow([local]), { OLLAMA_BASE_URL: 'localhost:11434' }, {});
    expect(badUrl[0]!.message).toContain('base URL "localhost:11434" for Ollama is not an http(s) URL');
    expect(badUrl[0]!.hint).toContain('OLLAMA_BASE_URL');
  });

  it('counts a channel that squeezes through an LLM as a user of that provider', () => {
    const channel: Channel = {
      id: 'planner->local',
      from: 'planner',
      to: 'local',
      mode: 'text',
      budget: {},
      compress: { method: 'squeeze', via: 'anthropic:claude-haiku-4-5' },
      overflow: 'compress',
    };
    const problems = checkProviders(workflow([local], [channel]), {}, {});
    expect(problems[0]!.message).toBe('ANTHROPIC_API_KEY is not set: channel planner->local (squeeze via) uses Anthropic');
  });

  it('raises one error listing every problem before the run', () => {
    expect(() => assertProvidersReady(workflow([planner, writer]), {}, {})).toThrow(ConfigError);
    expect(() => assertProvidersReady(workflow([planner, writer]), {}, {})).toThrow(/OPENAI_API_KEY[\s\S]*ANTHROPIC_API_KEY/);
  });
});

describe('endpoints of the config file', () => {
  const vllm = named(llmAgent('vllm', 'qwen'), 'v');
  const endpoints = { vllm: { baseURL: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'VLLM_KEY' }, llamacpp: { baseURL: 'http://127.0.0.1:8080/v1' } };

  it('are providers under their own names, with the key from the variable they name', () => {
    expect(checkProviders(workflow([vllm]), { VLLM_KEY: 'k-123456789' }, { endpoints })).toEqual([]);
    const missing = checkProviders(workflow([vllm]), {}, { endpoints });
    expect(missing[0]!.message).toBe('VLLM_KEY is not set: agent v uses endpoint "vllm"');
    expect(missing[0]!.hint).toContain('endpoints.vllm.apiKeyEnv');
  });

  it('need no key when they name no key variable', () => {
    expect(checkProviders(workflow([named(llmAgent('llamacpp', 'any'), 'l')]), {}, { endpoints })).toEqual([]);
  });

  it('count every fallback model of an agent as a use of its provider', () => {
    const agent = { ...vllm, fallback: [{ provider: 'openai', model: 'gpt-4o-mini' }] };
    const problems = checkProviders(workflow([agent]), { VLLM_KEY: 'k-123456789' }, { endpoints });
    expect(problems.map((p) => p.message)).toEqual(['OPENAI_API_KEY is not set: agent v (fallback openai:gpt-4o-mini) uses OpenAI']);
  });
});

describe('createLlmAgent', () => {
  it('refuses to build an agent whose key is missing, naming the variable', () => {
    expect(() => createLlmAgent(writer, { env: {} })).toThrow('ANTHROPIC_API_KEY is not set: agent writer uses Anthropic');
  });
});
