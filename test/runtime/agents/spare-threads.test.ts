import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { endSpareThreads, FunctionPool, startSpareThreads } from '../../../runtime/agents/function-pool.js';
import { preloadFunctionAgents } from '../../../runtime/agents/function.js';
import { agentNode, fixtureAgent, functionAgent, workflow } from '../support/ir.js';

/** The id of the thread that runs a new pool's turns. */
async function threadOfNewPool(): Promise<number> {
  const pool = new FunctionPool(fixtureAgent('which-thread.ts'));
  const value = (await pool.call({ args: {}, signal: new AbortController().signal, timeoutMs: 30_000 })) as { threadId: number };
  return value.threadId;
}

/** A thread id greater than that of every thread created before, and less than that of every one created after. */
async function threadIdNow(): Promise<number> {
  const marker = new Worker('', { eval: true });
  const id = marker.threadId;
  await marker.terminate();
  return id;
}

describe('spare threads', () => {
  afterEach(() => endSpareThreads());

  it('are taken by the next pools to need a thread, which load their module into it', async () => {
    startSpareThreads(1);
    const now = await threadIdNow();
    // A module named only now runs in the thread started before.
    expect(await threadOfNewPool()).toBeLessThan(now);
    // None is left: the next pool starts a thread of its own.
    expect(await threadOfNewPool()).toBeGreaterThan(now);
  });

  it('not taken by the agents a run preloads are ended', async () => {
    startSpareThreads(3);
    const ir = workflow({ agents: [functionAgent('only', 'which-thread.ts')], nodes: [agentNode('only', [{ to: 'done' }])] });
    preloadFunctionAgents(ir);
    const now = await threadIdNow();
    // The other two are gone: a pool that needs a thread now starts its own.
    expect(await threadOfNewPool()).toBeGreaterThan(now);
  });
});
