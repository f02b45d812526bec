import type { Agent, ToolLimits } from './schema.js';

/**
 * What a tool may do when its declaration says nothing, and the worst a tool-using turn can
 * add to an agent's context. One home for both: lowering fills the defaults into the IR, the
 * runtime sizes a turn's reservation from them, and the static bound reports them.
 */
export const DEFAULT_TOOL_LIMITS: ToolLimits = { callsPerTurn: 4, resultTokens: 1000 };

/** Tokens a tool call's request and result framing add to the context, beyond the result itself. */
export const TOOL_CALL_OVERHEAD_TOKENS = 32;

/** The tools of an agent (an empty list for function agents and LLM agents without tools). */
export function toolsOf(agent: Agent): NonNullable<Extract<Agent, { kind: 'llm' }>['tools']> {
  return agent.kind === 'llm' ? (agent.tools ?? []) : [];
}

/** The most tool calls one turn of the agent can make, across its tools. */
export function toolCallsPerTurn(agent: Agent): number {
  return toolsOf(agent).reduce((sum, tool) => sum + tool.limits.callsPerTurn, 0);
}

/** The most tokens tool results (with their framing) can put into one turn's context. */
export function toolResultTokensPerTurn(agent: Agent): number {
  return toolsOf(agent).reduce((sum, tool) => sum + tool.limits.callsPerTurn * (tool.limits.resultTokens + TOOL_CALL_OVERHEAD_TOKENS), 0);
}

/**
 * What a turn reserves beyond its prompt and answer when the agent has tools: each call may
 * bring a result at its cap and one more request that sends the prompt again. The turn's own
 * budgets still cap the reservation; within it, every result is admitted only where it fits.
 */
export function toolTurnAllowance(agent: Agent, promptTokens: number): number {
  return toolResultTokensPerTurn(agent) + toolCallsPerTurn(agent) * promptTokens;
}
