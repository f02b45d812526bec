import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE_NAME, ConfigError, findConfigFile, loadConfig, parseConfig } from '../../runtime/providers/config.js';
import { PROVIDERS, providerDefinition, resolveProvider } from '../../runtime/providers/registry.js';
import { DEFAULT_RETRY_POLICY } from '../../runtime/providers/retry.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coord-config-'));
  fs.mkdirSync(path.join(dir, 'flows'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(relative: string, value: unknown): string {
  const file = path.join(dir, relative);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('finding the config file', () => {
  it('prefers --config, then the file next to the workflow, then the one in the cwd', () => {
    const inCwd = write(CONFIG_FILE_NAME, {});
    const nextToFlow = write(`flows/${CONFIG_FILE_NAME}`, {});
    const explicit = write('custom.json', {});
    const workflowFile = path.join(dir, 'flows', 'brief.coord');
    expect(findConfigFile({ explicitPath: 'custom.json', workflowFile, cwd: dir })).toBe(explicit);
    expect(findConfigFile({ workflowFile, cwd: dir })).toBe(nextToFlow);
    fs.rmSync(nextToFlow);
    expect(findConfigFile({ workflowFile, cwd: dir })).toBe(inCwd);
    fs.rmSync(inCwd);
    expect(loadConfig({ workflowFile, cwd: dir })).toEqual({ config: {} });
  });

  it('fails when the file given with --config does not exist', () => {
    expect(() => findConfigFile({ explicitPath: 'nope.json', cwd: dir })).toThrow(/nope\.json: config file not found/);
  });
});

describe('parsing the config file', () => {
  it('reads providers and request limits, and leaves other sections to their owners', () => {
    const config = parseConfig(
      JSON.stringify({
        providers: { openai: { apiKey: 'sk-1', baseURL: 'http://127.0.0.1:8000/v1' }, ollama: { baseURL: 'http://gpu-box:11434/v1' } },
        requests: { timeoutMs: 5000, maxAttempts: 2 },
        coordinator: { device: 'cpu' },
      }),
      'coord.config.json',
    );
    expect(config.providers?.openai?.baseURL).toBe('http://127.0.0.1:8000/v1');
    expect(config.requests).toEqual({ timeoutMs: 5000, maxAttempts: 2 });
  });

  it('names the file and the setting at fault', () => {
    expect(() => parseConfig('{"providers": {"openai": {"baseURL": "not a url"}}}', 'x.json')).toThrow(/x\.json: invalid configuration\n {2}providers\.openai\.baseURL:/);
    expect(() => parseConfig('{"providers": {"openia": {}}}', 'x.json')).toThrow(ConfigError);
    expect(() => parseConfig('{"providers": ', 'x.json')).toThrow(/x\.json: not valid JSON/);
  });
});

describe('resolving a provider', () => {
  it('takes the environment over the file, and the file over the defaults', () => {
    const config = { providers: { openai: { apiKey: 'from-file', baseURL: 'http://file:1/v1' } } };
    const fromEnv = resolveProvider(PROVIDERS.openai, { OPENAI_API_KEY: 'from-env', OPENAI_BASE_URL: 'http://env:2/v1/' }, config);
    expect(fromEnv).toMatchObject({ apiKey: 'from-env', baseURL: 'http://env:2/v1', keySource: 'OPENAI_API_KEY' });
    const fromFile = resolveProvider(PROVIDERS.openai, {}, config);
    expect(fromFile).toMatchObject({ apiKey: 'from-file', baseURL: 'http://file:1/v1' });
    expect(fromFile.keySource).toContain('providers.openai.apiKey');
    expect(resolveProvider(PROVIDERS.anthropic, {}, {}).baseURL).toBe('https://api.anthropic.com/v1');
    expect(resolveProvider(PROVIDERS.ollama, {}, {}).baseURL).toBe('http://127.0.0.1:11434/v1');
  });
});

describe('endpoints', () => {
  it('are read with their base URL, key variable, headers and limits', () => {
    const config = parseConfig(
      JSON.stringify({
        endpoints: { vllm: { baseURL: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'VLLM_KEY', headers: { 'X-Team': 'a' }, requests: { timeoutMs: 9000, maxAttempts: 2 } } },
        requests: { timeoutMs: 5000, baseDelayMs: 10 },
      }),
      'coord.config.json',
    );
    const vllm = resolveProvider(providerDefinition('vllm', config)!, { VLLM_KEY: 'k-123456789' }, config);
    expect(vllm).toMatchObject({ baseURL: 'http://127.0.0.1:8000/v1', apiKey: 'k-123456789', keySource: 'VLLM_KEY', headers: { 'X-Team': 'a' } });
    // The endpoint's limits over the file's, the file's over the defaults.
    expect(vllm.retry).toMatchObject({ timeoutMs: 9000, maxAttempts: 2, baseDelayMs: 10, maxDelayMs: DEFAULT_RETRY_POLICY.maxDelayMs });
    expect(resolveProvider(PROVIDERS.openai, {}, config).retry.timeoutMs).toBe(5000);
  });

  it('may not take a built-in name, and need a base URL', () => {
    expect(() => parseConfig('{"endpoints": {"openai": {"baseURL": "http://x/v1"}}}', 'x.json')).toThrow(/endpoints\.openai: is a built-in provider/);
    expect(() => parseConfig('{"endpoints": {"vllm": {}}}', 'x.json')).toThrow(/endpoints\.vllm\.baseURL/);
    expect(() => parseConfig('{"endpoints": {"vllm": {"baseURL": "http://x/v1", "apiKeyEnv": "not a name"}}}', 'x.json')).toThrow(/apiKeyEnv: must be an environment variable name/);
  });

  it('are unknown until the config declares them', () => {
    expect(providerDefinition('vllm', {})).toBeUndefined();
    expect(providerDefinition('constructor', {})).toBeUndefined();
  });
});
