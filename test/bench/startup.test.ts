import { describe, expect, it } from 'vitest';
import { startupTable, type StartupResults } from '../../src/bench/startup.js';
import { timedRunHeader } from '../support/timed-run.js';

const results = (cases: StartupResults['cases']): StartupResults => ({ ...timedRunHeader('node --import tsx bench/startup.ts --runs 5'), cases });

describe('the start-up table', () => {
  it('says whether each command met its target, in wall time and in memory where one is set', () => {
    const table = startupTable(
      results([
        { name: 'lint small', wallMs: 140.4, cpuMs: 120, maxRssMB: 90, modules: 561, runs: 5, target: { wallMs: 150 } },
        { name: 'lint large', wallMs: 1900, cpuMs: 1800, maxRssMB: 320, modules: 561, runs: 5, target: { wallMs: 2000, maxRssMB: 300 } },
        { name: 'other', wallMs: 10, cpuMs: 10, maxRssMB: 10, modules: 1, runs: 5 },
      ]),
    );
    expect(table).toContain('| lint small | 140 | 120 | 90 | 561 | ≤ 150 ms | yes |');
    expect(table).toContain('| lint large | 1,900 | 1,800 | 320 | 561 | ≤ 2,000 ms, ≤ 300 MB | **no** |');
    expect(table).toContain('| other | 10 | 10 | 10 | 1 | — | — |');
  });
});
