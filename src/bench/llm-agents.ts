import type { Agent, LlmAgent, OutputField, WorkflowIR } from '../ir/schema.js';
import type { AgentRunner } from '../../runtime/agents/agent.js';
import { createLlmAgent } from '../../runtime/providers/llm-agent.js';
import type { Env, ProviderConfigFile } from '../../runtime/providers/config.js';
import type { FamilyName } from './family.js';
import { llmBrief, llmRole } from './llm-briefs.js';
import { TaskInstance } from './task.js';

/**
 * `coord bench --provider`: the same workflows with every programmatic agent replaced by an
 * LLM agent on one model. The IR changes (kind, provider, model, role, outputs); the task
 * reaches each model through its run input, cut down to that agent's private part.
 */

export interface ModelRef {
  provider: string;
  model: string;
}

/**
 * The declared outputs, plus `message` for an agent that sends and declared only flags: a
 * function agent sends its `text` beside its declared fields, an LLM agent its `message`.
 */
function llmOutputs(agent: Agent, sends: boolean): OutputField[] | undefined {
  if (!agent.output) return undefined;
  const carriesText = agent.output.some((f) => f.name === 'message' || f.name === 'text');
  return carriesText || !sends ? agent.output : [{ name: 'message', type: 'string' }, ...agent.output];
}

/** The family's workflow with every agent an LLM agent on `ref`, its role written for the family and position. */
export function withLlmAgents(ir: WorkflowIR, family: FamilyName, ref: ModelRef): WorkflowIR {
  const agents = ir.agents.map((agent): LlmAgent => {
    const output = llmOutputs(agent, ir.channels.some((c) => c.from === agent.name));
    return {
      kind: 'llm',
      name: agent.name,
      role: llmRole(family, agent.name),
      budget: agent.budget,
      ...(output ? { output } : {}),
      ...(agent.loc ? { loc: agent.loc } : {}),
      provider: ref.provider,
      model: ref.model,
    };
  });
  return { ...ir, agents };
}

export interface LlmRunnerOptions {
  env: Env;
  config: ProviderConfigFile;
}

/**
 * One runner per LLM agent of the workflow. Each reads the task instance from the run input
 * and gives its model only the agent's brief: the whole instance holds the answer.
 */
export function llmRunners(ir: WorkflowIR, options: LlmRunnerOptions): Record<string, AgentRunner> {
  const entries = ir.agents.map((agent) => {
    if (agent.kind !== 'llm') throw new Error(`agent ${agent.name} is not an LLM agent`);
    // One JSON answer per call: nobody watches a benchmark stream, and usage arrives whole.
    const runner = createLlmAgent(agent, { env: options.env, config: options.config, stream: false });
    const briefed: AgentRunner = async (request) => {
      const parsed = TaskInstance.safeParse(request.input);
      if (!parsed.success) throw new Error(`agent ${agent.name} needs a coordbench task instance as the run input`);
      return runner({ ...request, input: llmBrief(parsed.data, agent.name) });
    };
    return [agent.name, briefed] as const;
  });
  return Object.fromEntries(entries);
}
