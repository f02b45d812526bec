/**
 * A lint worker thread (lint-pool.ts starts it): builds the language services once, on its first
 * file, then checks each root file it is handed and posts back what lintFile gives, or why it
 * could not. It is an entry of the CLI's bundle of its own (build/bundle.js).
 */
import { parentPort } from 'node:worker_threads';
import { CliError } from '../errors.js';
import { lintFile } from './lint-file.js';
import type { FromLintWorker, ToLintWorker } from './lint-pool.js';

const port = parentPort;
if (!port) throw new Error('lint-worker.js runs as a worker thread, started by lint-pool.ts');

port.on('message', async ({ file }: ToLintWorker) => {
  let reply: FromLintWorker;
  try {
    reply = { file, check: await lintFile(file) };
  } catch (error) {
    reply =
      error instanceof CliError
        ? { file, failure: { message: error.message, hint: error.hint, exitCode: error.exitCode } }
        : { file, failure: { message: (error as Error)?.message ?? String(error) } };
  }
  port.postMessage(reply);
});
