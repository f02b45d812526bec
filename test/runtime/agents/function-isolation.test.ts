import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FunctionAgent } from '../../../src/ir/schema.js';
import { createFunctionAgent } from '../../../runtime/agents/function.js';
import { startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import { agentNode, fixtureAgent, functionAgent, workflow } from '../support/ir.js';
import { machineConfigFor } from '../support/machine-config.js';
import { runCoord, startCoord } from '../support/spawn-coord.js';

const hostile: FunctionAgent = { kind: 'function', name: 'rogue', module: fixtureAgent('hostile.ts'), budget: {} };

function turn(mode: string, signal = new AbortController().signal) {
  return { runId: 'r', agent: hostile, turn: 1, inbox: [], input: { mode }, maxOutputTokens: 100, signal };
}

describe('a function agent that misbehaves ends its turn as failed, saying what its code did', () => {
  it.each([
    ['stray-rejection', /^a promise its function did not await was rejected: a stray failure/],
    ['never-settles', /^its function returned a promise that can never settle/],
    ['throw-null', /^its function threw null$/],
    ['uncloneable', /^its function returned a value that cannot leave its thread/],
  ])('%s', async (mode, message) => {
    const runner = await createFunctionAgent(hostile);
    await expect(runner(turn(mode))).rejects.toThrow(message);
    // The agent's next turn runs in a sound thread.
    await expect(runner(turn('well-behaved'))).resolves.toMatchObject({ output: { text: 'fine (well-behaved)' } });
  });

  it('a busy loop, stopped at the turn timeout', async () => {
    const runner = await createFunctionAgent(hostile, { timeoutMs: 300 });
    await expect(runner(turn('busy-loop'))).rejects.toThrow(/^its function did not finish within 300 ms, and did not stop within \d+ ms of being asked to \(it ignores its signal\), so its thread was ended$/);
  });

  it('a busy loop, ended when its turn is stopped and it does not stop itself', async () => {
    const runner = await createFunctionAgent(hostile);
    const stop = new AbortController();
    const running = runner(turn('busy-loop', stop.signal));
    stop.abort();
    await expect(running).rejects.toThrow(/did not stop within \d+ ms of being asked to \(it ignores its signal\), so its thread was ended/);
  });

  it('turns of the same module beside one that must be ended fail too, saying why', async () => {
    const strict = await createFunctionAgent(hostile, { timeoutMs: 300 });
    const patient = await createFunctionAgent(hostile, { timeoutMs: 60_000 });
    const [busy, beside] = await Promise.allSettled([strict(turn('busy-loop')), patient(turn('slow'))]);
    expect((busy as PromiseRejectedResult).reason.message).toMatch(/^its function did not finish within 300 ms/);
    expect((beside as PromiseRejectedResult).reason.message).toMatch(/^its thread was ended because another turn of the same module had to be stopped \(its function did not finish within 300 ms/);
  });

  it('in a run: the turn fails naming the agent, the run fails, and the process goes on', async () => {
    const ir = workflow({ agents: [functionAgent('rogue', 'hostile.ts')], nodes: [agentNode('rogue', [{ to: 'done' }])] });
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'rogue', input: { mode: 'stray-rejection' } });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/^agent rogue failed in turn 1: a promise its function did not await was rejected: a stray failure$/);
    expect(result.events.find((e) => e.type === 'turn.failed')).toMatchObject({ agent: 'rogue' });
  });
});

describe('the turn timeout of function agents', () => {
  function busyFlow() {
    const dir = mkdtempSync(join(tmpdir(), 'coord-busy-'));
    const flow = join(dir, 'busy.coord');
    writeFileSync(flow, `workflow busy {\n  agent rogue { function "${fixtureAgent('hostile.ts')}" }\n  flow {\n    start rogue\n    rogue -> done\n  }\n}\n`);
    const input = join(dir, 'input.json');
    writeFileSync(input, JSON.stringify({ mode: 'busy-loop' }));
    return { dir, flow, input, runs: join(dir, 'runs') };
  }

  it('is set by functions.timeoutMs in the config file: `coord run` ends the turn and fails the run (exit 1)', async () => {
    const { dir, flow, input, runs } = busyFlow();
    const config = join(dir, 'coord.config.json');
    writeFileSync(config, JSON.stringify({ functions: { timeoutMs: 500 } }));
    const result = await runCoord(['run', flow, '--input', input, '--runs-dir', runs, '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/agent rogue failed in turn 1: its function did not finish within 500 ms/);
  });

  it('cannot hold off SIGTERM: a busy loop is ended and the run is saved as cancelled (exit 130)', async () => {
    const { flow, input, runs } = busyFlow();
    const { child, done } = startCoord(['run', flow, '--input', input, '--runs-dir', runs, '--run-id', 'spin']);
    // The run's first line is printed once the turn has started.
    await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('rogue turn 1') && resolve()));
    child.kill('SIGTERM');
    const stopped = await done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toContain('outcome: cancelled');
  });
});
