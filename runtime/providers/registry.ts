import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModel } from 'ai';
import { BUILTIN_PROVIDERS, type BuiltinProvider, isBuiltinProvider } from '../../src/ir/model-ref.js';
import { CONFIG_FILE_NAME, type EndpointConfig, type Env, type ProviderConfigFile, type RequestsConfig } from './config.js';
import { type RetryPolicy, retryPolicy } from './retry.js';

/**
 * The providers a workflow may name: the three built in, and every endpoint of the config
 * file (an OpenAI-compatible server under a name of its own). Each is a factory of AI SDK
 * language models. Every setting is resolved here and passed explicitly, so the SDK never
 * reads process.env behind our back.
 */

export interface ProviderDefinition {
  /** What a model string names: "openai", or an endpoint's name. */
  name: string;
  /** For messages: "OpenAI", 'endpoint "vllm"'. */
  label: string;
  /** The variable that holds the key; absent when the provider needs none. */
  keyVariable?: string;
  /** Where the base URL is set, for hints: a variable, or a setting of the config file. */
  baseUrlSetting: string;
  /** The variable that overrides the base URL; endpoints have none (their URL is in the file). */
  baseUrlVariable?: string;
  defaultBaseURL: string;
  /** Whether a call can work without a key at this base URL. */
  keyRequired(baseURL: string): boolean;
  createModel(settings: ResolvedProvider, model: string): LanguageModel;
}

/** A provider's settings after the environment and the config file have been consulted. */
export interface ResolvedProvider {
  definition: ProviderDefinition;
  baseURL: string;
  apiKey?: string;
  /** Where the key came from, so that a rejected key can be traced to where it is set. */
  keySource?: string;
  headers: Record<string, string>;
  /** Timeouts and retries for this provider: its own over the file's over the defaults. */
  retry: RetryPolicy;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * An OpenAI chat-completions model. Chat completions rather than the SDK's default responses
 * API: it is what every OpenAI-compatible server speaks, and one wire protocol keeps usage
 * accounting uniform. Without a key no Authorization header is sent at all: an empty
 * "Bearer " is refused by some servers and logged as a failed login by others.
 */
function openAiChat(settings: ResolvedProvider, model: string, name: string): LanguageModel {
  const keyless = settings.apiKey === undefined;
  return createOpenAI({ name, baseURL: settings.baseURL, apiKey: settings.apiKey ?? '', headers: settings.headers, ...(keyless ? { fetch: fetchWithoutKey } : {}) }).chat(model);
}

/** The SDK always writes "Authorization: Bearer <key>"; with no key, the header is left out instead. */
const fetchWithoutKey: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  if (/^Bearer\s*$/i.test(headers.get('authorization') ?? '')) headers.delete('authorization');
  return fetch(input, { ...init, headers });
};

/** The built-in providers, by name. */
export const PROVIDERS: Record<BuiltinProvider, ProviderDefinition> = {
  openai: {
    name: 'openai',
    label: 'OpenAI',
    keyVariable: 'OPENAI_API_KEY',
    baseUrlSetting: 'OPENAI_BASE_URL',
    baseUrlVariable: 'OPENAI_BASE_URL',
    defaultBaseURL: OPENAI_BASE_URL,
    // OpenAI-compatible servers (vLLM, llama.cpp, LM Studio) usually run without a key.
    keyRequired: (baseURL) => new URL(baseURL).hostname === new URL(OPENAI_BASE_URL).hostname,
    createModel: (settings, model) => openAiChat(settings, model, 'openai'),
  },
  anthropic: {
    name: 'anthropic',
    label: 'Anthropic',
    keyVariable: 'ANTHROPIC_API_KEY',
    baseUrlSetting: 'ANTHROPIC_BASE_URL',
    baseUrlVariable: 'ANTHROPIC_BASE_URL',
    defaultBaseURL: 'https://api.anthropic.com/v1',
    keyRequired: () => true,
    createModel: (settings, model) =>
      createAnthropic({ baseURL: settings.baseURL, apiKey: settings.apiKey ?? '', headers: settings.headers }).messages(model),
  },
  ollama: {
    name: 'ollama',
    label: 'Ollama',
    baseUrlSetting: 'OLLAMA_BASE_URL',
    baseUrlVariable: 'OLLAMA_BASE_URL',
    defaultBaseURL: 'http://127.0.0.1:11434/v1',
    keyRequired: () => false,
    createModel: (settings, model) => openAiChat(settings, model, 'ollama'),
  },
};

function endpointDefinition(name: string, endpoint: EndpointConfig): ProviderDefinition {
  return {
    name,
    label: `endpoint "${name}"`,
    ...(endpoint.apiKeyEnv === undefined ? {} : { keyVariable: endpoint.apiKeyEnv }),
    baseUrlSetting: `endpoints.${name}.baseURL in ${CONFIG_FILE_NAME}`,
    defaultBaseURL: endpoint.baseURL,
    // A declared key variable means the server wants the key; none means it takes none.
    keyRequired: () => endpoint.apiKeyEnv !== undefined,
    createModel: (settings, model) => openAiChat(settings, model, name),
  };
}

/** Every provider name the config makes available: the built-in ones, then its endpoints. */
export function providerNames(config: ProviderConfigFile): string[] {
  return [...BUILTIN_PROVIDERS, ...Object.keys(config.endpoints ?? {})];
}

/** The definition behind a provider name, or undefined when it is neither built in nor an endpoint. */
export function providerDefinition(name: string, config: ProviderConfigFile = {}): ProviderDefinition | undefined {
  if (isBuiltinProvider(name)) return PROVIDERS[name];
  const endpoint = config.endpoints?.[name];
  return endpoint === undefined || !Object.hasOwn(config.endpoints!, name) ? undefined : endpointDefinition(name, endpoint);
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

interface FileSettings {
  apiKey?: string;
  baseURL?: string;
  headers?: Record<string, string>;
  requests?: RequestsConfig;
}

function fileSettings(definition: ProviderDefinition, config: ProviderConfigFile): FileSettings | undefined {
  if (isBuiltinProvider(definition.name)) return config.providers?.[definition.name];
  return config.endpoints?.[definition.name];
}

/** Settings for one provider: the environment first, then the config file, then defaults. */
export function resolveProvider(definition: ProviderDefinition, env: Env, config: ProviderConfigFile): ResolvedProvider {
  const fromFile = fileSettings(definition, config);
  const fromEnv = definition.baseUrlVariable === undefined ? undefined : present(env[definition.baseUrlVariable]);
  const baseURL = (fromEnv ?? fromFile?.baseURL ?? definition.defaultBaseURL).replace(/\/+$/, '');
  const common = { definition, baseURL, headers: fromFile?.headers ?? {}, retry: retryPolicy({ ...config.requests, ...fromFile?.requests }) };
  if (definition.keyVariable === undefined) return common;
  const envKey = present(env[definition.keyVariable]);
  if (envKey !== undefined) return { ...common, apiKey: envKey, keySource: definition.keyVariable };
  if (fromFile?.apiKey !== undefined) {
    return { ...common, apiKey: fromFile.apiKey, keySource: `providers.${definition.name}.apiKey in the config file` };
  }
  return common;
}
