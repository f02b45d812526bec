import { describe, expect, it } from 'vitest';
import { agentThreadsTable, type AgentThreadsResults } from '../../src/bench/agent-threads.js';
import { timedRunHeader } from '../support/timed-run.js';

const results = (cases: AgentThreadsResults['cases']): AgentThreadsResults => ({ ...timedRunHeader('node --import tsx bench/agent-threads.ts --runs 15'), cases });

describe('the agent threads table', () => {
  it('sets each state of the cache against no cache for as many agents', () => {
    const table = agentThreadsTable(
      results([
        { agents: 1, cache: 'none', wallMs: 100.4, cpuMs: 80, runs: 15 },
        { agents: 1, cache: 'warm', wallMs: 50.2, cpuMs: 40, runs: 15 },
        { agents: 3, cache: 'none', wallMs: 200, cpuMs: 240, runs: 15 },
        { agents: 3, cache: 'cold', wallMs: 210, cpuMs: 252, runs: 15 },
      ]),
    );
    expect(table).toContain('| 1 | none (`NODE_DISABLE_COMPILE_CACHE=1`: as before) | 100 | 80 | 1.00 | 1.00 |');
    expect(table).toContain('| 1 | filled by an earlier run | 50 | 40 | 0.50 | 0.50 |');
    expect(table).toContain('| 3 | empty (a first run) | 210 | 252 | 1.05 | 1.05 |');
  });

  it('shows no ratio where no case without the cache was measured', () => {
    expect(agentThreadsTable(results([{ agents: 2, cache: 'warm', wallMs: 50, cpuMs: 40, runs: 15 }]))).toContain('| 2 | filled by an earlier run | 50 | 40 | — | — |');
  });
});
