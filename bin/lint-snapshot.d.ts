// Types for bin/lint-snapshot.js, which bin/coord.js and install/build-snapshot.js load as plain JavaScript.
import type { Stats } from 'node:fs';

export interface SnapshotFiles {
  script: string;
  blob: string;
  stamp: string;
}
export function SNAPSHOT_FILES(bundle: string): SnapshotFiles;
export function snapshotStamp(script: Pick<Stats, 'size' | 'mtimeMs'>): Record<string, unknown>;
export function lintSnapshot(bundle: string, env?: Record<string, string | undefined>): string | undefined;
