import { formatModelRef, parseModelRef } from '../../src/ir/model-ref.js';
import type { WorkflowIR } from '../../src/ir/schema.js';
import { CONFIG_FILE_NAME, ConfigError, type Env, type ProviderConfigFile } from './config.js';
import { providerDefinition, providerNames, resolveProvider } from './registry.js';

/**
 * The check that runs before any agent: every provider a workflow uses is known, has a
 * usable base URL, and has a key where it needs one. One problem per provider, naming
 * every agent (or channel) that needs it, so the user fixes everything in one go.
 */

export interface ProviderProblem {
  provider: string;
  /** Who needs this provider: "agent planner", "channel a->b (squeeze via)". */
  users: string[];
  message: string;
  hint: string;
}

function usersByProvider(ir: WorkflowIR): Map<string, string[]> {
  const users = new Map<string, string[]>();
  const add = (provider: string, user: string) => users.set(provider, [...(users.get(provider) ?? []), user]);
  for (const agent of ir.agents) {
    if (agent.kind !== 'llm') continue;
    add(agent.provider, `agent ${agent.name}`);
    for (const fallback of agent.fallback ?? []) add(fallback.provider, `agent ${agent.name} (fallback ${formatModelRef(fallback)})`);
  }
  for (const channel of ir.channels) {
    if (channel.compress.method !== 'squeeze' || channel.compress.via === undefined) continue;
    const ref = parseModelRef(channel.compress.via);
    add(ref?.provider ?? channel.compress.via, `channel ${channel.id} (squeeze via)`);
  }
  return users;
}

function list(users: string[]): string {
  return users.length === 1 ? users[0]! : `${users.slice(0, -1).join(', ')} and ${users.at(-1)}`;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** The problem with one provider for the given users, or undefined when it is ready. */
export function checkProvider(provider: string, users: string[], env: Env, config: ProviderConfigFile): ProviderProblem | undefined {
  const definition = providerDefinition(provider, config);
  if (definition === undefined) {
    return {
      provider,
      users,
      message: `unknown provider "${provider}" (used by ${list(users)}): not built in, and not an endpoint of ${CONFIG_FILE_NAME}`,
      hint: `use one of ${providerNames(config).join(', ')}, or declare an OpenAI-compatible server as endpoints.${provider} with its baseURL in ${CONFIG_FILE_NAME}`,
    };
  }
  const settings = resolveProvider(definition, env, config);
  if (!isHttpUrl(settings.baseURL)) {
    return {
      provider,
      users,
      message: `base URL "${settings.baseURL}" for ${definition.label} is not an http(s) URL (needed by ${list(users)})`,
      hint: definition.baseUrlVariable ? `fix ${definition.baseUrlVariable} or providers.${provider}.baseURL in ${CONFIG_FILE_NAME}` : `fix ${definition.baseUrlSetting}`,
    };
  }
  if (definition.keyVariable !== undefined && settings.apiKey === undefined && definition.keyRequired(settings.baseURL)) {
    return {
      provider,
      users,
      message: `${definition.keyVariable} is not set: ${list(users)} ${users.length === 1 ? 'uses' : 'use'} ${definition.label}`,
      hint: definition.baseUrlVariable
        ? `export ${definition.keyVariable}=… or set providers.${provider}.apiKey in ${CONFIG_FILE_NAME} (never in the .coord file)`
        : `export ${definition.keyVariable}=… (endpoints.${provider}.apiKeyEnv in ${CONFIG_FILE_NAME} names it), or remove apiKeyEnv if the server takes no key`,
    };
  }
  return undefined;
}

export function checkProviders(ir: WorkflowIR, env: Env, config: ProviderConfigFile): ProviderProblem[] {
  return [...usersByProvider(ir)].flatMap(([provider, users]) => checkProvider(provider, users, env, config) ?? []);
}

export function formatProviderProblems(problems: ProviderProblem[]): string {
  return problems.map((problem) => `${problem.message} — ${problem.hint}`).join('\n');
}

/** Throws one ConfigError listing every problem; call it before the run starts. */
export function assertProvidersReady(ir: WorkflowIR, env: Env, config: ProviderConfigFile): void {
  const problems = checkProviders(ir, env, config);
  if (problems.length > 0) throw new ConfigError(formatProviderProblems(problems));
}
