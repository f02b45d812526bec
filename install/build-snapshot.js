#!/usr/bin/env node
// Builds `coord lint`'s V8 start-up snapshot (src/cli/lint-snapshot.ts) with this machine's Node:
// a snapshot runs only on the Node binary that made it, so it is made where coord is installed, by
// `npm run build` in a checkout and by the package's postinstall elsewhere. bin/coord.js starts a
// lint from it when lint-snapshot.json says it was made by the running Node from the bundle as it
// is now, and without it otherwise.
//
// Never fails an install or a build: without a snapshot, lint only starts slower.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'dist');
// What names the snapshot's files is part of the build (in a checkout, npm runs this before it).
const STAMPS = path.join(DIST, 'src', 'cli', 'start-snapshot.js');

async function build() {
  // Only in a checkout, whose `prepare` builds coord and then runs this again: nothing to say.
  if (!existsSync(STAMPS)) return undefined;
  const { SNAPSHOT_FILES, snapshotStamp } = await import(pathToFileURL(STAMPS).href);
  const { script, blob, stamp } = SNAPSHOT_FILES(path.join(DIST, 'bundle'));
  if (!existsSync(script)) return `${path.relative(process.cwd(), script)} is not built yet`;
  rmSync(stamp, { force: true });
  const partial = `${blob}.${process.pid}`;
  const made = spawnSync(process.execPath, ['--snapshot-blob', partial, '--build-snapshot', script], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (made.status !== 0 || !existsSync(partial)) {
    rmSync(partial, { force: true });
    return (made.stderr || made.error?.message || `exit ${made.status}`).trim().split('\n').slice(-3).join(' ');
  }
  renameSync(partial, blob);
  writeFileSync(stamp, `${JSON.stringify(snapshotStamp(statSync(script)))}\n`);
  return undefined;
}

const failed = await build();
if (failed) process.stderr.write(`coord: no start-up snapshot for lint (${failed}); lint starts without one\n`);
