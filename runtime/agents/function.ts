import { statSync } from 'node:fs';
import type { FunctionAgent } from '../../src/ir/schema.js';
import type { AgentRunner, DeliveredMessage } from './agent.js';
import { importAgentModule } from './load-module.js';
import { messageText, parseOutput } from './output-schema.js';
import { APPROXIMATE } from '../tokens/tokenizer.js';

/** What a function agent receives, once per turn. */
export interface FunctionAgentArgs {
  inbox: DeliveredMessage[];
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

/**
 * Loads the module of a function agent (`.ts` needs no build step: load-module.ts). It must
 * export one function: the default export, or its only named export.
 */
export function loadAgentFunction(agent: FunctionAgent): Promise<AgentFunction> {
  // Loading a .ts module can cost about a second (through tsx); runs in one process (bench, tests,
  // resumed branches) share it. The file's mtime is in the key, so an edited agent that tsx loads is reloaded.
  const key = `${agent.module}@${modifiedAt(agent.module)}`;
  let loaded = loadedModules.get(key);
  if (!loaded) {
    loaded = importAgentFunction(agent);
    loadedModules.set(key, loaded);
    loaded.catch(() => loadedModules.delete(key));
  }
  return loaded;
}

const loadedModules = new Map<string, Promise<AgentFunction>>();

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

async function importAgentFunction(agent: FunctionAgent): Promise<AgentFunction> {
  let module: Record<string, unknown>;
  try {
    module = await importAgentModule(agent.module);
  } catch (error) {
    throw new Error(`agent ${agent.name}: cannot load ${agent.module}: ${(error as Error).message}`);
  }
  if (typeof module.default === 'function') return module.default as AgentFunction;
  const functions = Object.entries(module).filter(([name, value]) => name !== 'default' && typeof value === 'function');
  if (functions.length === 1) return functions[0]![1] as AgentFunction;
  throw new Error(
    `agent ${agent.name}: ${agent.module} must export one function (a default export, or a single named export); ` +
      `it exports ${functions.length === 0 ? 'none' : functions.map(([name]) => name).join(', ')}`,
  );
}

/**
 * A function agent as an AgentRunner. It spends no provider tokens, but what it reads
 * and writes is counted (the declared approximation), so its messages are held to
 * the same budgets as an LLM's.
 */
export async function createFunctionAgent(agent: FunctionAgent): Promise<AgentRunner> {
  const fn = await loadAgentFunction(agent);
  return async (request) => {
    const value = await fn({
      inbox: request.inbox,
      input: request.input,
      item: request.item,
      agent,
      turn: request.turn,
      latents: request.inbox.flatMap((message) => (message.latents ? [message.latents] : [])),
      maxOutputTokens: request.maxOutputTokens,
      signal: request.signal,
    });
    const output = parseOutput(agent, value);
    const text = messageText(output);
    const input = request.inbox.reduce((sum, message) => sum + message.tokens, 0);
    return { output, text, usage: { input, output: APPROXIMATE.count(text) }, attempts: 1 };
  };
}
