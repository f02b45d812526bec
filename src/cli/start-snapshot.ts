/**
 * Which start-up snapshot coord may start from (install/build-snapshot.js makes it from
 * src/cli/lint-snapshot.ts). Node's modules only: bin/coord.js reads it (compiled, from
 * dist/src/cli/) before loading anything else.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

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
