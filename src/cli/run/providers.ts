import type { LlmAgent, WorkflowIR } from '../../ir/schema.js';
import type { AgentRunner } from '../../../runtime/agents/agent.js';
import { ConfigError, loadConfig, type ProviderConfigFile } from '../../../runtime/providers/config.js';
import { knownSecrets } from '../../../runtime/secrets.js';
import { CliError } from '../errors.js';

export interface RunProviders {
  /** Builds LLM agents with the config; absent when the run calls no model (simulated, or function agents only). */
  llm?: (agent: LlmAgent) => AgentRunner;
  /** Every key the environment and the config file hold: kept out of what the run writes and prints. */
  secrets: string[];
  /** `functions.timeoutMs` of the config file, when it sets one. */
  functionTimeoutMs?: number;
  /** The config file as read, for the other sections a run uses (tracing). */
  config: ProviderConfigFile;
}

/**
 * Reads the config file (`--config`, else one beside the workflow or in the cwd) whether
 * or not the run calls a model, so a missing or broken one is always reported; then
 * checks every provider the workflow uses (keys, base URLs) before any agent runs.
 * The providers modules are imported only when the run calls a model: the AI SDK behind
 * them takes about half a second to load, which delays a function-only run's first output.
 */
export async function providersFor(
  ir: WorkflowIR,
  options: { workflowFile?: string; configPath?: string; stream: boolean; callsModels: boolean },
): Promise<RunProviders> {
  try {
    const { config } = loadConfig({ explicitPath: options.configPath, workflowFile: options.workflowFile, cwd: process.cwd() });
    const secrets = knownSecrets(process.env, config);
    const functionTimeoutMs = config.functions?.timeoutMs;
    const base = { secrets, config, ...(functionTimeoutMs !== undefined ? { functionTimeoutMs } : {}) };
    const usesModels = ir.agents.some((a) => a.kind === 'llm') || ir.channels.some((c) => c.compress.method === 'squeeze' && c.compress.via !== undefined);
    if (!options.callsModels || !usesModels) return base;
    const [{ assertProvidersReady }, { createLlmAgent }] = await Promise.all([
      import('../../../runtime/providers/check.js'),
      import('../../../runtime/providers/llm-agent.js'),
    ]);
    assertProvidersReady(ir, process.env, config);
    return { llm: (agent) => createLlmAgent(agent, { config, stream: options.stream }), ...base };
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new CliError(error.message, 'fix the provider configuration, or run with --simulate to try the flow without providers');
    }
    throw error;
  }
}
