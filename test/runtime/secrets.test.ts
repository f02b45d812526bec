import { describe, expect, it } from 'vitest';
import { createRedactor, knownSecrets, REDACTED } from '../../runtime/secrets.js';

describe('known secrets', () => {
  it('are the values of key, token, secret and password variables, and every apiKey of the config file', () => {
    const env = { OPENAI_API_KEY: 'sk-openai-123456', GITHUB_TOKEN: 'ghp_abcdefgh', DB_PASSWORD: 'hunter2hunter2', HOME: '/home/someone', PATH: '/usr/bin', KEYBOARD: 'us-international' };
    const config = { providers: { anthropic: { apiKey: 'sk-ant-987654321' }, ollama: { baseURL: 'http://localhost:11434' } } };
    expect(knownSecrets(env, config).sort()).toEqual(['ghp_abcdefgh', 'hunter2hunter2', 'sk-ant-987654321', 'sk-openai-123456']);
  });

  it('include the variable an endpoint names for its key, whatever its name, and credential headers', () => {
    const env = { VLLM_AUTH: 'vllm-auth-value-1', OTHER: 'not-a-secret-at-all' };
    const config = {
      providers: { openai: { headers: { 'X-Api-Key': 'header-key-0001', 'X-Team': 'briefs-team' } } },
      endpoints: { vllm: { apiKeyEnv: 'VLLM_AUTH', headers: { Authorization: 'Bearer gateway-token-1' } } },
    };
    expect(knownSecrets(env, config).sort()).toEqual(['Bearer gateway-token-1', 'header-key-0001', 'vllm-auth-value-1']);
  });

  it('leave out values too short to replace safely everywhere', () => {
    expect(knownSecrets({ SHORT_KEY: 'abc', EMPTY_TOKEN: '' })).toEqual([]);
  });
});

describe('a redactor', () => {
  const redactor = createRedactor(['sk-live-0123456789', 'sk-live-0123456789-extended']);

  it('replaces every occurrence, the longer of two overlapping secrets whole', () => {
    expect(redactor.text('a sk-live-0123456789 b sk-live-0123456789-extended c sk-live-0123456789')).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED}`);
  });

  it('redacts every string of a JSON-like value, keys included, and leaves the rest as it is', () => {
    const value = { error: 'bad key sk-live-0123456789', list: ['sk-live-0123456789', 3, true, null], nested: { 'sk-live-0123456789': 'x' } };
    expect(redactor.value(value)).toEqual({ error: `bad key ${REDACTED}`, list: [REDACTED, 3, true, null], nested: { [REDACTED]: 'x' } });
    expect(value.error).toBe('bad key sk-live-0123456789');
  });

  it('without secrets changes nothing', () => {
    const value = { a: 'sk-live-0123456789' };
    expect(createRedactor([]).value(value)).toBe(value);
  });
});
