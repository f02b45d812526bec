import type { Agent, FlowNode, WorkflowIR } from '../../src/ir/schema.js';
import type { LlmFactory } from '../channels/rewriters.js';
import type { Outputs } from '../guards/evaluate.js';
import type { AgentRunner } from './agent.js';
import { createFunctionAgent } from './function.js';
import { createSimulatedAgent } from './simulated.js';

/** Returns the runner for an agent at a node (simulated runners depend on the node's branches). */
export type RunnerFor = (agent: Agent, node: FlowNode) => AgentRunner;

export interface AgentSetup {
  /** `--simulate`: every agent is simulated with this seed. */
  simulateSeed?: number;
  /** Runners supplied by the embedder (tests, programmatic use), by agent name; they win over the IR. */
  runners?: Record<string, AgentRunner>;
  /** Builds an LLM agent's runner; defaults to the providers module with process.env and no config file. */
  llm?: LlmFactory;
  /** The longest one turn of a function agent may take (default DEFAULT_FUNCTION_TIMEOUT_MS). */
  functionTimeoutMs?: number;
}

export interface ResolvedAgents {
  runnerFor: RunnerFor;
  /** Function and simulated agents: coord counts their tokens itself and can let a message grow its reservation. */
  countsLocally: (agent: Agent) => boolean;
}

/**
 * Builds a runner for every agent before the run starts, so that a missing module,
 * a bad export or an unconfigured provider stops the run before any agent has spent
 * a token.
 */
export async function resolveAgents(ir: WorkflowIR, setup: AgentSetup, outputs: () => Outputs): Promise<ResolvedAgents> {
  const { simulateSeed } = setup;
  if (simulateSeed !== undefined) {
    return {
      runnerFor: (agent, node) => setup.runners?.[agent.name] ?? createSimulatedAgent(agent, { ir, seed: simulateSeed, node, outputs }),
      countsLocally: () => true,
    };
  }
  // Side by side: each function agent's thread starts and loads its module while the others'
  // do, which is most of the time before a short run's first turn.
  const settled = await Promise.allSettled(ir.agents.map((agent) => runnerOf(agent, setup)));
  const runners = new Map<string, AgentRunner>();
  const problems: string[] = [];
  settled.forEach((result, index) => {
    if (result.status === 'fulfilled') runners.set(ir.agents[index]!.name, result.value);
    else problems.push((result.reason as Error).message);
  });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return {
    runnerFor: (agent) => runners.get(agent.name)!,
    countsLocally: (agent) => agent.kind === 'function',
  };
}

async function runnerOf(agent: Agent, setup: AgentSetup): Promise<AgentRunner> {
  const given = setup.runners?.[agent.name];
  if (given) return given;
  if (agent.kind === 'function') return createFunctionAgent(agent, setup.functionTimeoutMs !== undefined ? { timeoutMs: setup.functionTimeoutMs } : {});
  return (setup.llm ?? (await defaultLlmFactory()))(agent);
}

/**
 * The providers module's factory, with process.env and no config file. Imported only by runs that
 * call a model: the AI SDK behind it takes about half a second to load, which a workflow of function
 * agents need not wait for before its first output.
 */
export async function defaultLlmFactory(): Promise<LlmFactory> {
  const { createLlmAgent } = await import('../providers/llm-agent.js');
  return (agent) => createLlmAgent(agent);
}
