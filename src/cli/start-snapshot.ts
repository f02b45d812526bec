/**
 * Which start-up snapshot coord may start from (install/build-snapshot.js makes it from
 * src/cli/lint-snapshot.ts). Node's modules only: bin/coord.js reads it (compiled, from
 * dist/src/cli/) before loading anything else.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * V8 flags of the Node that runs a lint from the snapshot (bin/coord.js starts it with them): a
 * young generation of 8 MB semi-spaces and old-generation limits that grow by 75% instead of V8's
 * default. A large lint is checked on that Node's main thread; on the 100,000 generated lines its
 * peak memory was 226–265 MB, against 289–409 MB on a worker thread, at 1.06 of the wall time
 * (docs/BENCHMARKS.md, "The 100,000-line lint"). A small lint's heap never grows far enough to
 * meet either limit.
 */
export const SNAPSHOT_LINT_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=75'];

export interface SnapshotFiles {
  /** The script the snapshot is made from. */
  script: string;
  blob: string;
  /** What made the snapshot (snapshotStamp), written beside it. */
  stamp: string;
}

/** The snapshot's files in the bundle's folder. */
export const SNAPSHOT_FILES = (bundle: string): SnapshotFiles => ({
  script: path.join(bundle, 'lint-snapshot.cjs'),
  blob: path.join(bundle, 'lint-snapshot.blob'),
  stamp: path.join(bundle, 'lint-snapshot.json'),
});

/** What a snapshot was made by and from: the Node binary, and the script's size and time. */
export const snapshotStamp = (script: { size: number; mtimeMs: number }) => ({
  node: process.version,
  v8: process.versions.v8,
  arch: process.arch,
  execPath: process.execPath,
  script: { size: script.size, mtimeMs: script.mtimeMs },
});

let insideSnapshot = false;

/** Said by the snapshot's own process, which must not start another from it. */
export function markStartedFromSnapshot(): void {
  insideSnapshot = true;
}

/**
 * The snapshot in `bundle` to start from, or undefined: none was made, another Node made it (V8
 * refuses a snapshot from another binary), the script changed since, COORD_NO_SNAPSHOT is set,
 * or this process was itself started from it.
 */
export function usableSnapshot(bundle: string, env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.COORD_NO_SNAPSHOT || insideSnapshot) return undefined;
  const { script, blob, stamp } = SNAPSHOT_FILES(bundle);
  try {
    const made: unknown = JSON.parse(readFileSync(stamp, 'utf8'));
    const now = snapshotStamp(statSync(script));
    return JSON.stringify(made) === JSON.stringify(now) && statSync(blob).isFile() ? blob : undefined;
  } catch {
    return undefined;
  }
}
