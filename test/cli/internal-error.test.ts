import { describe, expect, it, vi } from 'vitest';
import { STACK_FRAME, fixture } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';

// A bug in the language services, standing in for any unexpected exception.
vi.mock('../../src/language/index.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/language/index.js')>()),
  loadWorkflow: async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'members')");
  },
}));

describe('an internal error', () => {
  it('exits 2 with one line naming the file, and no stack trace', async () => {
    const { code, stdout, stderr } = await runCli(['lint', fixture('research-brief.coord')], { env: { COORD_DEBUG: undefined } });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^coord lint: internal error: while checking .*research-brief\.coord: Cannot read properties of undefined \(reading 'members'\)\n/);
    expect(stderr).toContain('set COORD_DEBUG=1 for the stack trace');
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('shows its stack, and the error that caused it, with COORD_DEBUG=1', async () => {
    const { code, stderr } = await runCli(['lint', fixture('research-brief.coord')], { env: { COORD_DEBUG: '1' } });
    expect(code).toBe(2);
    expect(stderr).toMatch(STACK_FRAME);
    expect(stderr).toContain('[cause]: TypeError');
  });
});
