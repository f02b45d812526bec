import { describe, expect, it } from 'vitest';
import { fanoutTable, medianOf, targetsTable, turnsTable, type PeerResults } from '../../src/bench/peers.js';
import { median } from '../../src/bench/stats.js';
import { compile, fanoutSource, runCoord, turnsSource } from '../../bench/peers/coord.js';
import { runLangGraphFanOut, runLangGraphTurns } from '../../bench/peers/langgraph.js';
import { runXStateTurns } from '../../bench/peers/xstate.js';
import { timedRunHeader } from '../support/timed-run.js';

const results = (cells: PeerResults['cells']): PeerResults => ({ ...timedRunHeader('node --import tsx bench/peers/run.ts'), cells });

const sample = (cpuMs: number) => ({ cpuMs, wallMs: 2 * cpuMs });

describe('peer results', () => {
  it('takes the median of the repetitions', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const r = results([{ system: 'xstate', workload: 'turns', n: 1000, samples: [sample(30), sample(10), sample(20)] }]);
    expect(medianOf(r, 'xstate', 'turns', 1000)).toEqual({ cpuMs: 20, wallMs: 40 });
    expect(medianOf(r, 'xstate', 'turns', 10000)).toBeUndefined();
  });

  it('shows µs per turn and ms per fan-out, CPU with wall in brackets', () => {
    const r = results([
      { system: 'coord-memory', workload: 'turns', n: 1000, samples: [sample(100)] },
      { system: 'langgraph-memorysaver', workload: 'turns', n: 1000, samples: [sample(300)] },
      { system: 'coord-memory', workload: 'fanout', n: 1000, samples: [sample(50)] },
    ]);
    expect(turnsTable(r)).toContain('| coord, memory store | 100.0 (200.0) |');
    expect(turnsTable(r)).toContain('| LangGraph.js, MemorySaver | 300.0 (600.0) |');
    expect(fanoutTable(r)).toContain('| coord, memory store | 50 (100) |');
  });

  it('says which targets a run met, from CPU-time ratios', () => {
    const r = results([
      { system: 'coord-memory', workload: 'turns', n: 1000, samples: [sample(100)] },
      { system: 'langgraph-memorysaver', workload: 'turns', n: 1000, samples: [sample(300)] },
      { system: 'coord-memory', workload: 'turns', n: 100000, samples: [sample(20000)] },
      { system: 'coord-memory', workload: 'fanout', n: 1000, samples: [sample(50)] },
      { system: 'coord-memory', workload: 'fanout', n: 10000, samples: [sample(600)] },
      { system: 'langgraph-memorysaver', workload: 'fanout', n: 1000, samples: [sample(80)] },
    ]);
    const table = targetsTable(r);
    expect(table).toContain('| per turn, 1,000 turns: coord memory store / LangGraph MemorySaver | 0.33× | ≤ 0.5× | yes |');
    expect(table).toContain('| per turn, 100,000 turns / 1,000 turns (coord memory store) | 2.00× | ≤ 1.5× | **no** |');
    expect(table).toContain('| fan-out, 10,000 branches / 1,000 (coord) | 12.00× | ≤ 10.0× | **no** |');
    expect(table).toContain('| fan-out, 1,000 branches: coord / LangGraph Send | 0.63× | ≤ 0.5× | **no** |');
    expect(table).toContain('| per turn, 10,000 turns: coord file store / LangGraph MemorySaver | — | ≤ 1.0× | — |');
  });
});

describe('the peer workloads', () => {
  it('are the same work in every system: coord runs as many turns as LangGraph and XState', async () => {
    const workflow = await compile(turnsSource(20), 'pingpong');
    expect(workflow.ir.agents.map((a) => a.name)).toEqual(['ping', 'pong']);
    expect((await runCoord(workflow, { turns: 10 }, 'memory', 'in-process')).turns).toBe(20);
    expect((await runCoord(workflow, { turns: 10 }, 'file', 'in-process')).turns).toBe(20);
    expect((await runCoord(workflow, { turns: 10 }, 'memory', 'function')).turns).toBe(20);
    // These throw when their run did not take exactly the turns asked for.
    await expect(runLangGraphTurns(20, 'memory-saver')).resolves.toBeGreaterThan(0);
    await expect(runXStateTurns(20)).resolves.toBeGreaterThan(0);
  });

  it('fan out to every branch in coord and in LangGraph', async () => {
    const workflow = await compile(fanoutSource(12), 'fanout');
    // The splitter's turn and one per branch.
    expect((await runCoord(workflow, { branches: 12 }, 'memory', 'in-process')).turns).toBe(13);
    await expect(runLangGraphFanOut(12, 'memory-saver')).resolves.toBeGreaterThan(0);
  });
});
