import type { LlmAgent, WorkflowIR } from '../../src/ir/schema.js';
import type { AgentRunner } from '../agents/agent.js';
import { parseVia } from '../squeeze/index.js';

/** Builds a runner for an LLM agent: the providers module, or what the embedder injected. */
export type LlmFactory = (agent: LlmAgent) => AgentRunner;

/** The agent a rewrite runs as; its instructions (the role) are set per message by the squeezer. */
export function rewriteAgent(via: string): LlmAgent {
  const { provider, model } = parseVia(via);
  return { kind: 'llm', name: 'squeeze', provider, model, budget: {} };
}

/**
 * A runner for each channel that rewrites through an LLM (`compress squeeze { via … }`),
 * by channel id. Each is built once here, so a provider that is not configured stops
 * the run before any agent has spent a token; each call then builds the runner for
 * the agent the squeezer asks for, since its instructions name that message's goal.
 */
export function resolveRewriters(ir: WorkflowIR, create: LlmFactory): Map<string, AgentRunner> {
  const rewriters = new Map<string, AgentRunner>();
  const problems: string[] = [];
  for (const channel of ir.channels) {
    if (channel.compress.method !== 'squeeze' || channel.compress.via === undefined) continue;
    try {
      create(rewriteAgent(channel.compress.via));
      rewriters.set(channel.id, (request) => create(request.agent as LlmAgent)(request));
    } catch (error) {
      problems.push(`channel ${channel.id} (compress squeeze via "${channel.compress.via}"): ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return rewriters;
}

/** For replays: a rewrite is always read from the journal, never run again. */
export function replayRewriters(ir: WorkflowIR): Map<string, AgentRunner> {
  const never: AgentRunner = () => Promise.reject(new Error('replay never calls a rewriting model'));
  return new Map(ir.channels.filter((c) => c.compress.method === 'squeeze' && c.compress.via !== undefined).map((c) => [c.id, never]));
}
