import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLease, LeaseHolder, RunBusy } from '../../../runtime/store/lease.js';

function lockPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'coord-lease-')), 'lock');
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeHolder(path: string, holder: Partial<LeaseHolder>): void {
  writeFileSync(path, JSON.stringify({ pid: process.pid, hostname: hostname(), since: '2026-01-01T00:00:00.000Z', purpose: 'coord run', ...holder }));
}

describe('a run lease', () => {
  it('is a lock file naming its holder, refused to a second writer with the run and the holder named, and free again once released', async () => {
    const path = lockPath();
    const lease = await acquireLease(path, 'r1', 'coord run');
    const holder = LeaseHolder.parse(JSON.parse(readFileSync(path, 'utf8')));
    expect(holder).toMatchObject({ pid: process.pid, hostname: hostname(), purpose: 'coord run' });

    const refused = await acquireLease(path, 'r1', 'coord resume').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RunBusy);
    expect((refused as RunBusy).message).toMatch(new RegExp(`run r1 is in use by coord run \\(process ${process.pid} \\(this process\\) on ${hostname()}, since `));

    await lease.release();
    expect(existsSync(path)).toBe(false);
    const again = await acquireLease(path, 'r1', 'coord resume');
    await again.release();
  });

  it('is taken over when its holder died (kill -9 leaves the lock behind)', async () => {
    const path = lockPath();
    writeHolder(path, { pid: deadPid() });
    const lease = await acquireLease(path, 'r2', 'coord resume');
    expect(LeaseHolder.parse(JSON.parse(readFileSync(path, 'utf8'))).pid).toBe(process.pid);
    await lease.release();
  });

  it('is taken over when its pid now belongs to a process that started later (a reused pid)', async () => {
    const path = lockPath();
    writeHolder(path, { processStart: 1 });
    const lease = await acquireLease(path, 'r3', 'coord resume');
    await lease.release();
  });

  it('is taken over when the lock file is damaged (it cannot name a holder)', async () => {
    const path = lockPath();
    writeFileSync(path, '{"pid": 12');
    const lease = await acquireLease(path, 'r4', 'coord resume');
    await lease.release();
  });

  it('from another host is never taken over: it cannot be checked, and the hint says which file to delete', async () => {
    const path = lockPath();
    writeHolder(path, { hostname: 'elsewhere.example', pid: deadPid() });
    const refused = (await acquireLease(path, 'r5', 'coord resume').catch((error: unknown) => error)) as RunBusy;
    expect(refused).toBeInstanceOf(RunBusy);
    expect(refused.message).toContain('on elsewhere.example');
    expect(refused.hint).toContain(path);
  });

  it('is given to exactly one of many sessions that ask at once, for a free lock and for a stale one', async () => {
    for (const stale of [false, true]) {
      const path = lockPath();
      if (stale) writeHolder(path, { pid: deadPid() });
      const attempts = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => acquireLease(path, 'r6', `session ${i}`)));
      const granted = attempts.filter((a) => a.status === 'fulfilled');
      expect(granted).toHaveLength(1);
      for (const attempt of attempts) if (attempt.status === 'rejected') expect(attempt.reason).toBeInstanceOf(RunBusy);
      const holder = LeaseHolder.parse(JSON.parse(readFileSync(path, 'utf8')));
      expect(holder.purpose).toBe((granted[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLease>>>).value.holder.purpose);
    }
  });

  it('released late never removes a lock that another session has taken since', async () => {
    const path = lockPath();
    const first = await acquireLease(path, 'r7', 'first');
    // The first holder is presumed dead (its lock edited to a dead pid) and a second session takes over.
    writeHolder(path, { pid: deadPid() });
    const second = await acquireLease(path, 'r7', 'second');
    await first.release();
    expect(LeaseHolder.parse(JSON.parse(readFileSync(path, 'utf8'))).purpose).toBe('second');
    await second.release();
  });
});
