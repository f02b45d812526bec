import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { compileMachine } from '../../../src/compile/machine.js';
import type { WorkflowIR } from '../../../src/ir/schema.js';
import { checkText } from '../../../src/language/index.js';
import type { AgentRunner } from '../../../runtime/agents/agent.js';
import { replayRun, startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import type { RunJournal, RunStore } from '../../../runtime/store/store.js';

/** What a step costs must not grow with the run: these check the causes that made it grow, not the time. */

async function compiled(source: string): Promise<{ ir: WorkflowIR; machine: unknown }> {
  const checked = await checkText(source, '/virtual/step-cost.coord');
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { ir: checked.ir!, machine: compileMachine(checked.ir!) };
}

const pingPong = (each: number) => `workflow pingpong {
  budget 1000000 tokens
  agent ping { function "./tick.ts"  budget 40 tokens per turn  output { more: boolean, message: string } }
  agent pong { function "./tick.ts"  budget 40 tokens per turn  output { more: boolean, message: string } }
  channel ping -> pong { budget 30 tokens per message }
  channel pong -> ping { budget 30 tokens per message }
  flow {
    start ping
    ping -> pong
    pong -> ping when pong.more max ${each}
    pong -> done
  }
}`;

const tick =
  (each: number): AgentRunner =>
  async ({ turn, agent }) => ({ output: { more: turn < each, message: `${agent.name} ${turn}` }, text: `${agent.name} ${turn}`, usage: { input: 2, output: 2 }, attempts: 1 });

/** A memory store whose journals report every snapshot and commit they are given. */
function countingStore(counts: { snapshots: number; commits: boolean[] }): MemoryRunStore {
  const store = new MemoryRunStore();
  const wrap = (journal: RunJournal): RunJournal => ({
    append: (record) => journal.append(record),
    writeSnapshot: (snapshot) => {
      counts.snapshots++;
      journal.writeSnapshot(snapshot);
    },
    commit: (durable) => {
      counts.commits.push(durable !== false);
      return journal.commit(durable);
    },
    close: () => journal.close(),
  });
  const create: RunStore['create'] = store.create.bind(store);
  store.create = async (...args) => wrap(await create(...args));
  return store;
}

describe("a step's cost", () => {
  it('does not include rewriting the snapshot: a short run saves it once, when the session ends', async () => {
    const { ir, machine } = await compiled(pingPong(50));
    const counts = { snapshots: 0, commits: [] as boolean[] };
    const store = countingStore(counts);
    const result = await startRun({ ir, machine, store, runId: 'p', runners: { ping: tick(50), pong: tick(50) }, secrets: [] });
    expect(result.outcome).toBe('done');
    expect(result.events.filter((e) => e.type === 'turn.finished')).toHaveLength(100);
    expect(counts.snapshots).toBe(1);
    const snapshot = store.snapshot('p') as { runId: string; status: string; ledger: unknown };
    expect(snapshot).toMatchObject({ runId: 'p', status: 'done' });
    expect(snapshot.ledger).toEqual(result.budgets);
    expect((await replayRun({ runId: 'p', store })).matches).toBe(true);
  });

  it('includes one durable commit (one fsync on the file store): at its finish; its start is written, not forced', async () => {
    const { ir, machine } = await compiled(pingPong(10));
    const counts = { snapshots: 0, commits: [] as boolean[] };
    const result = await startRun({ ir, machine, store: countingStore(counts), runId: 'p', runners: { ping: tick(10), pong: tick(10) }, secrets: [] });
    expect(result.outcome).toBe('done');
    // A start and a finish section per turn: only the finishes are forced to disk.
    expect(counts.commits.filter((durable) => durable)).toHaveLength(20);
    expect(counts.commits.filter((durable) => !durable)).toHaveLength(20);
  });

  it('puts no listener of each map item on a signal the items share', async () => {
    const { ir, machine } = await compiled(`workflow fan {
  budget 1000000 tokens
  agent splitter { function "./split.ts"  output { chunks: string[], message: string } }
  agent worker { function "./work.ts"  budget 40 tokens per turn }
  flow {
    start splitter
    map results = worker over splitter.chunks max 200 concurrency 200
    splitter -> results
    results -> done
  }
}`);
    let most = 0;
    const inFlight: Array<() => void> = [];
    const worker: AgentRunner = async ({ signal, item }) => {
      most = Math.max(most, getEventListeners(signal, 'abort').length);
      // Every item waits until all 200 are in flight, so their listeners would all be on a shared signal at once.
      await new Promise<void>((resolve) => {
        inFlight.push(resolve);
        if (inFlight.length === 200) for (const release of inFlight) release();
      });
      return { output: { text: `done ${String(item?.value)}` }, text: 'done', usage: { input: 1, output: 1 }, attempts: 1 };
    };
    const splitter: AgentRunner = async () => ({
      output: { chunks: Array.from({ length: 200 }, (_, i) => `item ${i}`), message: 'items' },
      text: 'items',
      usage: { input: 0, output: 1 },
      attempts: 1,
    });
    const result = await startRun({ ir, machine, store: new MemoryRunStore(), runId: 'f', runners: { splitter, worker }, secrets: [] });
    expect(result.outcome).toBe('done');
    expect((result.outputs.results as unknown[]).length).toBe(200);
    expect(most).toBeLessThan(10);
  });
});
