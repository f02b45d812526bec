#!/usr/bin/env node
// The CLI is compiled and bundled into dist/bundle/ by `npm run build` (run by `npm install`
// through `prepare`; build/bundle.js).
import { spawnSync } from 'node:child_process';
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SNAPSHOT_LINT_FLAGS, usableSnapshot } from '../dist/src/cli/start-snapshot.js';

// A lint starts from its V8 snapshot where this Node made one (install/build-snapshot.js): the
// parser is already built there. Spawning it costs a Node start; building the parser costs more.
// Its heap flags come before this Node's own, so that flags a user gave Node win.
if (process.argv[2] === 'lint') {
  const blob = usableSnapshot(fileURLToPath(new URL('../dist/bundle/', import.meta.url)));
  if (blob) {
    if (process.env.COORD_DEBUG) process.stderr.write(`coord: lint starts from the snapshot ${blob}\n`);
    const child = spawnSync(process.execPath, [...SNAPSHOT_LINT_FLAGS, ...process.execArgv, '--snapshot-blob', blob, ...process.argv.slice(2)], { stdio: 'inherit' });
    if (!child.error) {
      if (child.signal) process.kill(process.pid, child.signal);
      process.exit(child.status ?? 1);
    }
  }
}

// V8 keeps the compiled code of coord's modules (and its dependencies') on disk, so a later
// start skips compiling them; enabled first, since it applies only to modules loaded after it.
// In the same checked per-user folder as the agents' threads use (none if it is unsafe); Node
// enabled the one NODE_COMPILE_CACHE names by itself.
const { compileCacheDir } = await import('../dist/runtime/agents/compile-cache.js');
const cache = compileCacheDir();
if (cache) enableCompileCache(cache);
const { main, quietOnClosedPipe } = await import('../dist/bundle/coord.js');
quietOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));
