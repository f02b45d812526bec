import { fileURLToPath } from 'node:url';

/** Absolute path of a file under test/fixtures/cli/. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/cli/${name}`, import.meta.url));
}

export const FIXTURES = fileURLToPath(new URL('../../fixtures/cli/', import.meta.url));

/** Lines that look like a JavaScript stack frame ("    at fn (file.js:1:2)"). */
export const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;
