import { describe, expect, it } from 'vitest';
import type { AgentRunner } from '../../../runtime/agents/agent.js';
import type { RunEvent } from '../../../runtime/events.js';
import { PauseGate } from '../../../runtime/run/pause.js';
import { startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import { agentNode, functionAgent, workflow } from '../support/ir.js';
import { machineConfigFor } from '../support/machine-config.js';

/** Enough event-loop turns for a run that is free to go on to start its next turn. */
async function idle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

const runner: AgentRunner = async (request) => ({ output: { text: `turn ${request.turn}` }, text: 'ok', usage: { input: 0, output: 1 }, attempts: 1 });

function twoStepRun(pause: PauseGate, onEvent: (event: RunEvent) => void) {
  const ir = workflow({
    total: 1000,
    agents: [functionAgent('first', 'echo.ts'), functionAgent('second', 'echo.ts')],
    nodes: [agentNode('first', [{ to: 'second' }]), agentNode('second', [{ to: 'done' }])],
  });
  return startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'p1', runners: { first: runner, second: runner }, pause, onEvent: (e) => onEvent(e) });
}

describe('pausing a run between turns', () => {
  it('lets the turn in flight finish, starts no new one until resumed, and announces both', async () => {
    const pause = new PauseGate();
    const seen: RunEvent[] = [];
    const run = twoStepRun(pause, (event) => {
      seen.push(event);
      if (event.type === 'turn.finished' && event.agent === 'first') pause.pause();
    });
    while (!seen.some((e) => e.type === 'run.paused')) await idle();
    await idle();
    expect(seen.filter((e) => e.type === 'turn.started').map((e) => (e as { agent: string }).agent)).toEqual(['first']);

    pause.resume();
    const result = await run;
    expect(result.outcome).toBe('done');
    const types = result.events.map((e) => e.type);
    expect(types.indexOf('run.paused')).toBeLessThan(types.indexOf('run.resumed'));
    expect(types.indexOf('run.resumed')).toBeLessThan(types.lastIndexOf('turn.started'));
  });

  it('does not hold a run that is stopped while paused', async () => {
    const pause = new PauseGate();
    pause.pause();
    const stop = new AbortController();
    const ir = workflow({ total: 1000, agents: [functionAgent('first', 'echo.ts')], nodes: [agentNode('first', [{ to: 'done' }])] });
    const run = startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'p2', runners: { first: runner }, pause, signal: stop.signal });
    await idle();
    stop.abort();
    const result = await run;
    expect(result.outcome).toBe('cancelled');
    expect(result.events.some((e) => e.type === 'turn.started')).toBe(false);
  });
});
