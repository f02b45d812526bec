import type { MessagePort } from 'node:worker_threads';
import { CliError } from '../errors.js';
import { lintFile } from './lint-file.js';
import type { FromLintWorker, ToLintWorker } from './lint-pool.js';

/**
 * The worker side of a lint on threads (lint-pool.ts starts the thread): checks each root file
 * it is handed, building the language services once, on the first, and posts back what
 * lintFile gives, or the error it threw.
 */
export function serveLintWorker(port: MessagePort): void {
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
}
