import type { Agent } from '../../src/ir/schema.js';
import type { ToolCallSummary } from '../store/journal.js';
import type { TurnTools } from '../tools/turn-tools.js';

/** One message that reached an agent through a channel, as the agent will read it. */
export interface DeliveredMessage {
  channel: string;
  from: string;
  /** What the receiver reads: the (possibly squeezed or truncated) text, or a coordinator readout. */
  text: string;
  tokens: number;
  mode: 'text' | 'latent' | 'hybrid';
  /** Latent vectors for function agents on latent or hybrid channels (one per selected segment). */
  latents?: number[][];
}

/** Something an agent with `memory` reads again: its own earlier message, or one it received. */
export interface MemoryEntry {
  /** The agent's turn in which it was said or read. */
  turn: number;
  /** True for the agent's own message. */
  said: boolean;
  from: string;
  channel?: string;
  text: string;
  tokens: number;
}

/** Everything an agent gets for one turn. */
export interface TurnRequest {
  runId: string;
  agent: Agent;
  turn: number;
  /** The run's input (`coord run --input file.json`), the same for every agent; undefined when none. */
  input?: unknown;
  /** Messages delivered to this agent since its last turn, in arrival order. */
  inbox: DeliveredMessage[];
  /** For an agent with `memory`: its earlier messages and those it read before, oldest first, within its memory budget. */
  memory?: MemoryEntry[];
  /** For a map item: the item and its index. */
  item?: { index: number; value: unknown };
  /** Budget of the channels the agent writes to, so it can aim its message at it. */
  outgoingBudget?: number;
  /** Hard cap on generated tokens, computed from what remains of every budget that applies. */
  maxOutputTokens: number;
  /**
   * The most the whole turn may spend, every attempt's prompt and answer together: what the
   * run reserved for it. An agent that retries makes a retry only when it fits in what is
   * left; absent, only `maxOutputTokens` limits it.
   */
  maxTokens?: number;
  signal: AbortSignal;
  /** Called before an agent retries a failed call, so the run can emit `turn.retry`. */
  onRetry?: (retry: RetryNotice) => void;
  /** The agent's tools, when it declares any: offered to the model, called through the run. */
  tools?: TurnTools;
}

export interface RetryNotice {
  /** The attempt about to be made: 2 for the first retry. */
  attempt: number;
  reason: string;
  delayMs: number;
}

export interface TokenUsage {
  input: number;
  output: number;
}

export interface TurnResult {
  /** Structured output (validated against the agent's declared fields), or `{ text }`. */
  output: Record<string, unknown>;
  /** The message the agent sends on its outgoing channels. */
  text: string;
  /** Tokens as counted by coord (the real tokenizer where known), retries included. */
  usage: TokenUsage;
  /** Tokens as the provider reported them, when it did. */
  reportedUsage?: TokenUsage;
  /** What to charge: per attempt, the larger of coord's count and the provider's report. Absent: charge `usage`. */
  charged?: TokenUsage;
  /** On some attempt the provider's report and coord's count differed by more than 10%. */
  usageMismatch?: boolean;
  cost?: number;
  /** Attempts made, 1 when the first succeeded. */
  attempts: number;
  simulated?: boolean;
  /** The tool calls the turn made, in order. */
  tools?: ToolCallSummary[];
  /** The provider and model that gave the answer: the agent's own, or the fallback that took over. */
  provider?: string;
  model?: string;
  /** Why the model stopped, as the AI SDK names it: stop, length, content-filter, … */
  finishReason?: string;
}

/** An agent is a function from a turn request to its result; providers are factories of these. */
export type AgentRunner = (request: TurnRequest) => Promise<TurnResult>;

/** Tokens a turn reads from other agents and from its memory: what coord charges as input for agents it counts itself. */
export function readTokens(request: Pick<TurnRequest, 'inbox' | 'memory'>): number {
  const entries: Array<{ tokens: number }> = [...request.inbox, ...(request.memory ?? [])];
  return entries.reduce((sum, entry) => sum + entry.tokens, 0);
}
