import { readFileSync } from 'node:fs';
import { link, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { writeDurableTemp } from './durable-temp.js';
import { z } from 'zod';

/**
 * A run's lease: the one process allowed to write it. The lease is a lock file
 * created exclusively (O_EXCL) in the run's folder, holding who took it. A lock left
 * by a process that died (kill -9, a crash) is stale: its process is gone, or its pid
 * now belongs to a process that started later. A stale lock is broken and taken over;
 * a live one refuses the second writer, naming the run and the holder.
 */

export const LeaseHolder = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  /** When the lease was taken (ISO time). */
  since: z.string(),
  /** What holds it: `coord run`, `coord resume`, or an embedder's word. */
  purpose: z.string(),
  /** The holder's process start time (Linux: clock ticks since boot), so a reused pid is not taken for the holder. */
  processStart: z.number().optional(),
});
export type LeaseHolder = z.infer<typeof LeaseHolder>;

/** Another process (or another session of this one) holds the run. */
export class RunBusy extends Error {
  override readonly name = 'RunBusy';
  constructor(
    readonly runId: string,
    readonly holder: LeaseHolder,
    readonly lockPath: string,
  ) {
    super(`run ${runId} is in use by ${describeHolder(holder)}; a run has one writer at a time`);
  }

  get hint(): string {
    return this.holder.hostname === hostname()
      ? `wait for it to end, or stop it (Ctrl-C) and resume again`
      : `wait for it to end; if that process is gone, delete ${this.lockPath}`;
  }
}

export function describeHolder(holder: LeaseHolder): string {
  const self = holder.pid === process.pid && holder.hostname === hostname() ? ' (this process)' : '';
  return `${holder.purpose} (process ${holder.pid}${self} on ${holder.hostname}, since ${holder.since})`;
}

export interface Lease {
  readonly holder: LeaseHolder;
  /** Gives the lease back; only removes the lock file while it is still this lease's. */
  release(): Promise<void>;
}

/** Attempts before giving up on a lock that keeps changing hands (each a few event-loop turns at most). */
const MAX_ATTEMPTS = 50;

export async function acquireLease(lockPath: string, runId: string, purpose: string): Promise<Lease> {
  const holder = currentHolder(purpose);
  const content = `${JSON.stringify(holder)}\n`;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (await createExclusively(lockPath, content)) return leaseOf(lockPath, holder, content);
    const existing = await readHolder(lockPath);
    // Gone between our attempt and the read: its holder released it; try again.
    if (existing === undefined) continue;
    if (existing === 'unreadable') {
      // Locks appear whole (see createExclusively): one that does not parse was damaged, and holds nobody.
      await breakStale(lockPath, undefined);
      continue;
    }
    if (isAlive(existing)) throw new RunBusy(runId, existing, lockPath);
    await breakStale(lockPath, existing);
  }
  throw new Error(`run ${runId}: could not take the lock ${lockPath}; it keeps changing hands`);
}

function leaseOf(lockPath: string, holder: LeaseHolder, content: string): Lease {
  let released = false;
  return {
    holder,
    async release() {
      if (released) return;
      released = true;
      const now = await readFile(lockPath, 'utf8').catch(() => undefined);
      if (now === content) await unlink(lockPath).catch(ignoreMissing);
    },
  };
}

/**
 * Creates the lock with its content, durably; false when it exists already. The content
 * is written to a file of its own first and linked into place (link fails when the name
 * exists), so nobody ever reads a lock that is there but still empty.
 */
async function createExclusively(path: string, content: string): Promise<boolean> {
  const temp = await writeDurableTemp(path, content);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(ignoreMissing);
  }
}

async function readHolder(path: string): Promise<LeaseHolder | 'unreadable' | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return LeaseHolder.parse(JSON.parse(text));
  } catch {
    return 'unreadable';
  }
}

/**
 * Removes a stale lock, but only the one that was judged stale: breakers take a second,
 * short-lived lock first, and re-read the lock under it, so two processes that both
 * found it stale cannot remove the lock the first of them has just taken.
 */
async function breakStale(lockPath: string, stale: LeaseHolder | undefined): Promise<void> {
  const breakPath = `${lockPath}.break`;
  const breaker = currentHolder('breaking a stale lock');
  if (!(await createExclusively(breakPath, `${JSON.stringify(breaker)}\n`))) {
    const other = await readHolder(breakPath);
    // A breaker that died mid-break (a window of a few system calls) leaves its file behind: remove it.
    if (other === 'unreadable' || (other !== undefined && !isAlive(other))) await unlink(breakPath).catch(ignoreMissing);
    else await new Promise((resolve) => setTimeout(resolve, 5));
    return;
  }
  try {
    const now = await readHolder(lockPath);
    const same = stale === undefined ? now === 'unreadable' : now !== undefined && now !== 'unreadable' && sameHolder(now, stale);
    if (same) await unlink(lockPath).catch(ignoreMissing);
  } finally {
    await unlink(breakPath).catch(ignoreMissing);
  }
}

function sameHolder(a: LeaseHolder, b: LeaseHolder): boolean {
  return a.pid === b.pid && a.hostname === b.hostname && a.since === b.since && a.processStart === b.processStart;
}

/**
 * Whether the holder may still be running. A lock from another host cannot be checked,
 * so it counts as live. Here, the pid must exist and, where the system says when
 * processes started, be the same process that took the lease.
 */
export function isAlive(holder: LeaseHolder): boolean {
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists, under another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStartOf(holder.pid);
  return holder.processStart === undefined || started === undefined || started === holder.processStart;
}

function currentHolder(purpose: string): LeaseHolder {
  const processStart = processStartOf(process.pid);
  return { pid: process.pid, hostname: hostname(), since: new Date().toISOString(), purpose, ...(processStart !== undefined ? { processStart } : {}) };
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command, which may hold spaces); undefined off Linux. */
function processStartOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]);
    return Number.isFinite(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
