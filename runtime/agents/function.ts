import type { FunctionAgent, WorkflowIR } from '../../src/ir/schema.js';
import { readTokens, type AgentRunner, type DeliveredMessage, type MemoryEntry } from './agent.js';
import { endSpareThreads, FunctionLoadError, poolFor } from './function-pool.js';
import { messageText, parseOutput } from './output-schema.js';
import { APPROXIMATE } from '../tokens/tokenizer.js';

/** What a function agent receives, once per turn. */
export interface FunctionAgentArgs {
  inbox: DeliveredMessage[];
  /** For an agent with `memory`: its earlier messages and those it read before, oldest first. */
  memory: MemoryEntry[];
  /** The run's input (`--input`), undefined when none. */
  input: unknown;
  /** The list item, for an agent run by a map node. */
  item?: { index: number; value: unknown };
  agent: FunctionAgent;
  turn: number;
  /** Latent vectors of the latent readouts in the inbox, one array per readout. */
  latents: number[][][];
  /** The most tokens its message may take (budgets that apply, as for an LLM). */
  maxOutputTokens: number;
  signal: AbortSignal;
}

export type AgentFunction = (args: FunctionAgentArgs) => Promise<unknown> | unknown;

/** The longest one turn of a function agent may take unless the run says otherwise (`functions.timeoutMs`). */
export const DEFAULT_FUNCTION_TIMEOUT_MS = 300_000;

export interface FunctionAgentOptions {
  /** The longest one turn may take; its thread is then stopped and the turn fails. */
  timeoutMs?: number;
}

/**
 * Starts each function agent's thread, and the load of its module, now: for a caller that knows
 * the run will call them (`coord run`, once the workflow is checked), so that they load while the
 * run is being set up instead of after. The run's own load of each module (createFunctionAgent)
 * awaits the same one (poolFor), and a module that fails to load fails there, as it would have.
 * They take the spare threads started before the IR was known (startSpareThreads); those left
 * over are ended.
 */
export function preloadFunctionAgents(ir: WorkflowIR): void {
  for (const agent of ir.agents) if (agent.kind === 'function') poolFor(agent.module).check().catch(() => undefined);
  endSpareThreads();
}

/**
 * A function agent as an AgentRunner. Its module (`.ts` needs no build step: load-module.ts)
 * must export one function: the default export, or its only named
 * export. Each turn runs in a worker thread (function-pool.ts), so that a busy loop, a
 * promise that never settles, a stray rejection or a `throw null` end the turn as failed,
 * naming the agent, instead of hanging or crashing the run. The module is loaded here,
 * so a missing file or a bad export stops the run before any agent has spent a token.
 *
 * It spends no provider tokens, but what it reads and writes is counted (the declared
 * approximation), so its messages are held to the same budgets as an LLM's.
 */
export async function createFunctionAgent(agent: FunctionAgent, options: FunctionAgentOptions = {}): Promise<AgentRunner> {
  const pool = poolFor(agent.module);
  try {
    await pool.check();
  } catch (error) {
    if (error instanceof FunctionLoadError) throw new Error(`agent ${agent.name}: cannot load ${agent.module}: ${error.message}`);
    throw error;
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_FUNCTION_TIMEOUT_MS;
  return async (request) => {
    const args = {
      inbox: request.inbox,
      memory: request.memory ?? [],
      input: request.input,
      item: request.item,
      agent,
      turn: request.turn,
      latents: request.inbox.flatMap((message) => (message.latents ? [message.latents] : [])),
      maxOutputTokens: request.maxOutputTokens,
    };
    // A failure (FunctionTurnError) says what the code did; the turn that called it names the agent.
    const value = await pool.call({ args, signal: request.signal, timeoutMs });
    const output = parseOutput(agent, value);
    const text = messageText(output);
    const input = readTokens(request);
    return { output, text, usage: { input, output: APPROXIMATE.count(text) }, attempts: 1 };
  };
}
