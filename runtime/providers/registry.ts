import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModel } from 'ai';
import type { Env, ProviderConfigFile } from './config.js';

/**
 * The providers coord knows, each a factory of AI SDK language models. Every setting is
 * resolved here and passed explicitly, so the SDK never reads process.env behind our back.
 */

export type ProviderName = 'openai' | 'anthropic' | 'ollama';

export interface ProviderDefinition {
  name: ProviderName;
  /** For messages: "OpenAI". */
  label: string;
  /** The variable that holds the key; absent when the provider needs none. */
  keyVariable?: string;
  baseUrlVariable: string;
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
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export const PROVIDERS: Record<ProviderName, ProviderDefinition> = {
  openai: {
    name: 'openai',
    label: 'OpenAI',
    keyVariable: 'OPENAI_API_KEY',
    baseUrlVariable: 'OPENAI_BASE_URL',
    defaultBaseURL: OPENAI_BASE_URL,
    // OpenAI-compatible servers (vLLM, llama.cpp, LM Studio) usually run without a key.
    keyRequired: (baseURL) => new URL(baseURL).hostname === new URL(OPENAI_BASE_URL).hostname,
    // Chat completions rather than the SDK's default responses API: it is what every
    // OpenAI-compatible server speaks, and one wire protocol keeps usage accounting uniform.
    createModel: (settings, model) =>
      createOpenAI({ baseURL: settings.baseURL, apiKey: settings.apiKey ?? '' }).chat(model),
  },
  anthropic: {
    name: 'anthropic',
    label: 'Anthropic',
    keyVariable: 'ANTHROPIC_API_KEY',
    baseUrlVariable: 'ANTHROPIC_BASE_URL',
    defaultBaseURL: 'https://api.anthropic.com/v1',
    keyRequired: () => true,
    createModel: (settings, model) =>
      createAnthropic({ baseURL: settings.baseURL, apiKey: settings.apiKey ?? '' }).messages(model),
  },
  ollama: {
    name: 'ollama',
    label: 'Ollama',
    baseUrlVariable: 'OLLAMA_BASE_URL',
    defaultBaseURL: 'http://127.0.0.1:11434/v1',
    keyRequired: () => false,
    // Ollama's OpenAI-compatible endpoint ignores the key; the SDK insists on one, and
    // Ollama's own documentation uses "ollama".
    createModel: (settings, model) =>
      createOpenAI({ name: 'ollama', baseURL: settings.baseURL, apiKey: 'ollama' }).chat(model),
  },
};

export function providerDefinition(name: string): ProviderDefinition | undefined {
  return Object.hasOwn(PROVIDERS, name) ? PROVIDERS[name as ProviderName] : undefined;
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Settings for one provider: the environment first, then the config file, then defaults. */
export function resolveProvider(definition: ProviderDefinition, env: Env, config: ProviderConfigFile): ResolvedProvider {
  const fromFile = config.providers?.[definition.name] as { apiKey?: string; baseURL?: string } | undefined;
  const baseURL = (present(env[definition.baseUrlVariable]) ?? fromFile?.baseURL ?? definition.defaultBaseURL).replace(/\/+$/, '');
  if (definition.keyVariable === undefined) return { definition, baseURL };
  const envKey = present(env[definition.keyVariable]);
  if (envKey !== undefined) return { definition, baseURL, apiKey: envKey, keySource: definition.keyVariable };
  if (fromFile?.apiKey !== undefined) {
    return { definition, baseURL, apiKey: fromFile.apiKey, keySource: `providers.${definition.name}.apiKey in the config file` };
  }
  return { definition, baseURL };
}
