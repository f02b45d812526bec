#!/usr/bin/env node
// The CLI is compiled and bundled into dist/bundle/ by `npm run build` (run by `npm install`
// through `prepare`; build/bundle.js).
import { enableCompileCache } from 'node:module';

// V8 keeps the compiled code of coord's modules (and its dependencies') on disk, so a later
// start skips compiling them; enabled first, since it applies only to modules loaded after it.
enableCompileCache();
const { main } = await import('../dist/bundle/coord.js');

// `coord lint … | head` closes the pipe early: stop quietly instead of printing a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await main(process.argv.slice(2));
