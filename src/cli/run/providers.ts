import type { LlmAgent, WorkflowIR } from '../../ir/schema.js';
import type { AgentRunner } from '../../../runtime/agents/agent.js';
import { assertProvidersReady } from '../../../runtime/providers/check.js';
import { ConfigError, loadConfig } from '../../../runtime/providers/config.js';
import { createLlmAgent } from '../../../runtime/providers/llm-agent.js';
import { CliError } from '../errors.js';

/**
 * Checks every provider the workflow uses (keys, base URLs, the config file) before
 * any agent runs, and returns the factory that builds LLM agents with that config.
 */
export function llmAgentsFor(ir: WorkflowIR, workflowFile: string | undefined, configPath: string | undefined, stream: boolean): (agent: LlmAgent) => AgentRunner {
  try {
    const { config } = loadConfig({ explicitPath: configPath, workflowFile, cwd: process.cwd() });
    assertProvidersReady(ir, process.env, config);
    return (agent) => createLlmAgent(agent, { config, stream });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new CliError(error.message, 'fix the provider configuration, or run with --simulate to try the flow without providers');
    }
    throw error;
  }
}
