import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayRun, startRun } from '../../runtime/run/run.js';
import { FileRunStore } from '../../runtime/store/file-store.js';
import { compiledFixture, journal, readStamps, tempDir, type Stamp } from './support/flows.js';

function interval(stamps: Stamp[], agent: string): { start: number; end: number } {
  const start = stamps.find((s) => s.agent === agent && s.phase === 'start');
  const end = stamps.find((s) => s.agent === agent && s.phase === 'end');
  expect(start, `${agent} started`).toBeDefined();
  expect(end, `${agent} ended`).toBeDefined();
  return { start: start!.t, end: end!.t };
}

describe('parallel branches', () => {
  it('run at the same time: every branch starts before any other branch has ended', async () => {
    const { ir, machine } = await compiledFixture('parallel.coord');
    const dir = tempDir();
    const log = join(dir, 'stamps.jsonl');
    const result = await startRun({ ir, machine, store: new FileRunStore(join(dir, 'runs')), runId: 'p', input: { log, waitMs: 150 } });
    expect(result.outcome).toBe('done');

    const stamps = readStamps(log);
    const a = interval(stamps, 'a');
    const b = interval(stamps, 'b');
    const c = interval(stamps, 'c');
    // Overlap, as an ordering: each branch's first step starts before the others' end.
    for (const [x, y] of [[a, b], [a, c], [b, c]] as const) {
      expect(y.start).toBeLessThan(x.end);
      expect(x.start).toBeLessThan(y.end);
    }
    // The join waits for every branch: merge starts after the last branch step ends.
    const c2 = interval(stamps, 'c2');
    const merge = interval(stamps, 'merge');
    expect(c2.start).toBeGreaterThanOrEqual(c.end);
    expect(merge.start).toBeGreaterThanOrEqual(Math.max(a.end, b.end, c2.end));
  });

  it('gives every branch its own scope in events, budgets and journaled steps', async () => {
    const { ir, machine } = await compiledFixture('parallel.coord');
    const dir = tempDir();
    const runs = join(dir, 'runs');
    const result = await startRun({ ir, machine, store: new FileRunStore(runs), runId: 'scopes', input: { waitMs: 20 } });
    expect(result.outcome).toBe('done');

    const scopeOf = (agent: string) => new Set(result.events.filter((e) => 'agent' in e && e.agent === agent).map((e) => e.scope));
    const branches = ir.flow.nodes.find((n) => n.kind === 'parallel')!;
    if (branches.kind !== 'parallel') throw new Error('no parallel node');
    const [b1, b2, b3] = branches.branches.map((branch) => `work/${branch.id}`);
    expect(scopeOf('a')).toEqual(new Set([b1]));
    expect(scopeOf('b')).toEqual(new Set([b2]));
    expect(scopeOf('c')).toEqual(new Set([b3]));
    expect(scopeOf('c2')).toEqual(new Set([b3]));
    expect(scopeOf('merge')).toEqual(new Set([undefined]));
    // Each branch's messages and reservations carry its scope too.
    expect(result.events.filter((e) => e.type === 'message.sent' && e.from === 'a').map((e) => e.scope)).toEqual([b1]);
    expect(result.events.filter((e) => e.type === 'budget.reserved' && e.key.startsWith('turn:b#')).every((e) => e.scope === b2)).toBe(true);
    expect(result.budgets.map((p) => p.key)).toEqual(expect.arrayContaining([`turn:a#1@${b1}`, `turn:c2#1@${b3}`, 'turn:merge#1']));
    // Journaled step ids are scoped by branch, so replay can match concurrent steps exactly.
    const steps = journal(runs, 'scopes').flatMap((r) => (r.kind === 'step' && r.phase === 'finish' ? [r.id] : []));
    expect(steps).toEqual(expect.arrayContaining([`${b1}/a#1`, `${b2}/b#1`, `${b3}/c#1`, `${b3}/c2#1`, 'merge#1']));
    expect((await replayRun({ runId: 'scopes', store: new FileRunStore(runs) })).matches).toBe(true);
  });

  it('fail the run when one branch fails, naming the agent and its branch, and stop the others', async () => {
    const { ir, machine } = await compiledFixture('parallel-fails.coord');
    const log = join(tempDir(), 'stamps.jsonl');
    const result = await startRun({ ir, machine, store: new FileRunStore(join(tempDir(), 'runs')), runId: 'pf', input: { log, waitMs: 5000 } });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/agent bad failed in turn 1 \(work\/b2\): the branch agent failed on purpose/);
    expect(readStamps(log).map((s) => s.phase)).toEqual(['start', 'aborted']);
    for (const pool of result.budgets) expect(pool.reserved).toBe(0);
  });
});
