// Which start-up snapshot `coord lint` may start from (install/build-snapshot.js makes it). Plain
// JavaScript with Node's modules only: bin/coord.js reads it before loading anything else.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The snapshot's files in the bundle's folder: the script it is made from, the snapshot, and its stamp. */
export const SNAPSHOT_FILES = (bundle) => ({
  script: path.join(bundle, 'lint-snapshot.cjs'),
  blob: path.join(bundle, 'lint-snapshot.blob'),
  stamp: path.join(bundle, 'lint-snapshot.json'),
});

/** What a snapshot was made by and from: the Node binary, and the script's size and time. */
export const snapshotStamp = (script) => ({
  node: process.version,
  v8: process.versions.v8,
  arch: process.arch,
  execPath: process.execPath,
  script: { size: script.size, mtimeMs: script.mtimeMs },
});

/**
 * The snapshot to start a lint from, or undefined: none was made, another Node made it (V8 refuses
 * a snapshot from another binary), the script changed since, or COORD_NO_SNAPSHOT is set.
 */
export function lintSnapshot(bundle, env = process.env) {
  if (env.COORD_NO_SNAPSHOT) return undefined;
  const { script, blob, stamp } = SNAPSHOT_FILES(bundle);
  try {
    const made = JSON.parse(readFileSync(stamp, 'utf8'));
    const now = snapshotStamp(statSync(script));
    const same = JSON.stringify(made) === JSON.stringify(now);
    return same && statSync(blob).isFile() ? blob : undefined;
  } catch {
    return undefined;
  }
}
