import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pool } from '../../runtime/ledger/ledger.js';
import { runCoord, startCoord } from '../runtime/support/spawn-coord.js';
import { finishedSteps, fixture, journal, readStamps, tempDir, waitForLines } from './support/flows.js';

describe('Ctrl-C while parallel branches run', () => {
  it('cancels every branch, saves the run, and `coord resume` completes it without running a finished step again', async () => {
    const dir = tempDir();
    const runs = join(dir, 'runs');
    const log = join(dir, 'stamps.jsonl');
    const input = join(dir, 'input.json');
    writeFileSync(input, JSON.stringify({ log }));

    // Each branch step waits 30 s unless stopped: only cancelling can end this run quickly.
    const { child, done } = startCoord(['run', fixture('parallel.coord'), '--runs-dir', runs, '--run-id', 'c', '--input', input], { COORD_FLOW_WAIT_MS: '30000' });
    // Wait until the agent of every branch is inside its call.
    await waitForLines(log, (lines) => lines.filter((l) => l.includes('"phase":"start"')).length >= 3, done);
    child.kill('SIGINT');
    const stopped = await done;

    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/SIGINT received, stopping the run/);
    expect(stopped.stdout).toContain('outcome: cancelled');
    expect(stopped.stdout).toContain('continue with: coord resume c');
    // Every branch's agent saw its call aborted, and none finished.
    const stamps = readStamps(log);
    expect(stamps.filter((s) => s.phase === 'aborted').map((s) => s.agent).sort()).toEqual(['a', 'b', 'c']);
    expect(stamps.filter((s) => s.phase === 'end')).toEqual([]);
    // The journal ends with the cancellation; no branch step is journaled as finished, so each runs again on resume.
    const records = journal(runs, 'c');
    expect(records.at(-1)).toMatchObject({ kind: 'event', event: { type: 'run.finished', outcome: 'cancelled' } });
    expect(finishedSteps(records)).toEqual([]);
    const snapshot = JSON.parse(readFileSync(join(runs, 'c', 'snapshot.json'), 'utf8')) as { runId: string; ledger: Pool[] };
    expect(snapshot.runId).toBe('c');
    for (const pool of snapshot.ledger) expect(pool.reserved).toBe(0);

    const resumed = await runCoord(['resume', 'c', '--runs-dir', runs], { COORD_FLOW_WAIT_MS: '20' });
    expect(resumed.code).toBe(0);
    const after = readStamps(log);
    for (const agent of ['a', 'b', 'c', 'c2', 'merge']) expect(after.filter((s) => s.agent === agent && s.phase === 'end'), agent).toHaveLength(1);
    expect(finishedSteps(journal(runs, 'c')).sort()).toEqual(['merge#1', 'work/b1/a#1', 'work/b2/b#1', 'work/b3/c#1', 'work/b3/c2#1'].sort());
    expect((await runCoord(['replay', 'c', '--runs-dir', runs])).code).toBe(0);
  });
});
