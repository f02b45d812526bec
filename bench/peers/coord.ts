/**
 * The peer workloads in coord: `coord run` without the CLI (startRun on a compiled workflow),
 * with function agents (bench/peers/agents/) on the in-memory store or the file store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileMachine } from '../../src/compile/machine.js';
import { checkText } from '../../src/language/index.js';
import type { WorkflowIR } from '../../src/ir/schema.js';
import { startRun } from '../../runtime/run/run.js';
import { FileRunStore } from '../../runtime/store/file-store.js';
import { MemoryRunStore } from '../../runtime/store/memory-store.js';
import type { RunStore } from '../../runtime/store/store.js';
import type { AgentRunner } from '../../runtime/agents/agent.js';
import { messageText, parseOutput } from '../../runtime/agents/output-schema.js';
import { APPROXIMATE } from '../../runtime/tokens/tokenizer.js';
import split from './agents/split.js';
import tick from './agents/tick.js';
import work from './agents/work.js';

export type CoordStore = 'memory' | 'file';
/**
 * `function`: the agents as `coord run` runs them, each turn in the module's worker thread.
 * `in-process`: the same functions given to startRun as runners, called on the run's thread
 * like LangGraph's nodes and XState's actors: the like-for-like measure of the runtime itself.
 */
export type CoordAgents = 'function' | 'in-process';

const AGENTS = fileURLToPath(new URL('./agents/', import.meta.url));
// Budgets large enough never to bind: the workloads measure the runtime, not a refusal.
const BIG = 1_000_000_000;

/** Two agents passing a small message back and forth, `turns` turns in all. */
export function turnsSource(turns: number): string {
  const each = Math.max(1, Math.floor(turns / 2));
  return `workflow pingpong {
  budget ${BIG} tokens
  agent ping { function "${path.join(AGENTS, 'tick.ts')}"  budget ${BIG} tokens  budget 40 tokens per turn  output { more: boolean, message: string } }
  agent pong { function "${path.join(AGENTS, 'tick.ts')}"  budget ${BIG} tokens  budget 40 tokens per turn  output { more: boolean, message: string } }
  channel ping -> pong { budget 30 tokens per message  budget ${BIG} tokens per run }
  channel pong -> ping { budget 30 tokens per message  budget ${BIG} tokens per run }
  flow {
    start ping
    ping -> pong
    pong -> ping when pong.more max ${each}
    pong -> done
  }
}
`;
}

/** One agent lists `branches` items, a map runs one agent per item, all at once. */
export function fanoutSource(branches: number): string {
  return `workflow fanout {
  budget ${BIG} tokens
  agent splitter { function "${path.join(AGENTS, 'split.ts')}"  output { chunks: string[], message: string } }
  agent worker { function "${path.join(AGENTS, 'work.ts')}"  budget 40 tokens per turn  output { message: string } }
  flow {
    start splitter
    map results = worker over splitter.chunks max ${branches} concurrency ${branches}
    splitter -> results
    results -> done
  }
}
`;
}

export async function compile(source: string, name: string): Promise<{ ir: WorkflowIR; machine: unknown }> {
  const checked = await checkText(source, path.join(AGENTS, '..', `${name}.coord`));
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (!checked.ir || errors.length > 0) throw new Error(`bench workflow ${name} does not check: ${errors.map((d) => d.message).join('; ')}`);
  return { ir: checked.ir, machine: compileMachine(checked.ir) };
}

const functions: Record<string, (args: never) => unknown> = { ping: tick, pong: tick, splitter: split, worker: work };

/** A function agent called in-process: validated, measured and counted as function.ts does after its worker returns. */
function inProcess(name: string, ir: WorkflowIR): AgentRunner {
  const agent = ir.agents.find((a) => a.name === name)!;
  const fn = functions[name]! as (args: unknown) => unknown;
  return async (request) => {
    const output = parseOutput(agent, await fn({ input: request.input, turn: request.turn, agent, item: request.item, inbox: request.inbox }));
    const text = messageText(output);
    const input = request.inbox.reduce((sum, message) => sum + message.tokens, 0);
    return { output, text, usage: { input, output: APPROXIMATE.count(text) }, attempts: 1 };
  };
}

/** Runs a compiled workflow to its end on a fresh store; returns its wall time in ms and the turns its agents took. */
export async function runCoord(workflow: { ir: WorkflowIR; machine: unknown }, input: unknown, store: CoordStore, agents: CoordAgents): Promise<{ ms: number; turns: number }> {
  const dir = store === 'file' ? mkdtempSync(path.join(tmpdir(), 'coord-peers-')) : undefined;
  const runStore: RunStore = dir ? new FileRunStore(dir) : new MemoryRunStore();
  const runners = agents === 'in-process' ? Object.fromEntries(workflow.ir.agents.map((a) => [a.name, inProcess(a.name, workflow.ir)])) : undefined;
  try {
    const started = performance.now();
    const result = await startRun({ ir: workflow.ir, machine: workflow.machine, store: runStore, input, secrets: [], ...(runners ? { runners } : {}) });
    const ms = performance.now() - started;
    if (result.outcome !== 'done') throw new Error(`coord run ended ${result.outcome}: ${result.reason}`);
    return { ms, turns: result.events.filter((e) => e.type === 'turn.finished').length };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
