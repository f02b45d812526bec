import type { TurnRequest } from '../../runtime/agents/agent.js';
import type { Clock } from '../../runtime/providers/retry.js';
import type { LlmAgent, OutputField, WorkflowIR } from '../../src/ir/schema.js';

/** Building blocks shared by the provider tests: agents, turn requests and a clock that never waits. */

export function llmAgent(provider: string, model: string, output?: OutputField[]): LlmAgent {
  return {
    kind: 'llm',
    name: 'planner',
    provider,
    model,
    role: 'Split the question into sub-questions.',
    budget: { perTurn: 500 },
    ...(output ? { output } : {}),
  };
}

export function turnRequest(overrides: Partial<TurnRequest> = {}): TurnRequest {
  return {
    runId: 'run-1',
    agent: llmAgent('openai', 'gpt-4o-mini'),
    turn: 1,
    inbox: [{ channel: 'user->planner', from: 'user', text: 'Why is the sky blue?', tokens: 6, mode: 'text' }],
    outgoingBudget: 300,
    maxOutputTokens: 200,
    signal: new AbortController().signal,
    ...overrides,
  };
}

export const NOW = Date.parse('2026-01-01T00:00:00Z');

/** A clock at a fixed instant whose sleeps return at once (still refusing an aborted signal); it records every wait. */
export function instantClock(random = 0.5): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => NOW,
    random: () => random,
    sleep(ms, signal) {
      sleeps.push(ms);
      return signal.aborted ? Promise.reject(signal.reason) : Promise.resolve();
    },
  };
}

/** A clock whose sleeps last until the signal aborts, to cancel a turn during its backoff. */
export function stuckClock(onSleep: () => void): Clock {
  return {
    now: () => NOW,
    random: () => 0.5,
    sleep(_ms, signal) {
      const waiting = new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      onSleep();
      return waiting;
    },
  };
}

/** A workflow IR with these agents (and channels), its flow a single turn of the first agent. */
export function workflow(agents: WorkflowIR['agents'], channels: WorkflowIR['channels'] = []): WorkflowIR {
  return {
    irVersion: 1,
    name: 'brief',
    source: { file: '/tmp/brief.coord', sha256: '0'.repeat(64) },
    budget: {},
    agents,
    channels,
    flow: { start: agents[0]!.name, nodes: [{ kind: 'agent', id: agents[0]!.name, agent: agents[0]!.name, next: [{ to: 'done' }] }], guards: {} },
  };
}

export function named(agent: LlmAgent, name: string): LlmAgent {
  return { ...agent, name };
}
