import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/run-binary.js';
import { runCli } from './support/run-cli.js';

const library = path.join(ROOT, 'test/fixtures/valid/shared/policies.coord');

describe('library files (policies and agents, no workflow)', () => {
  it('lint clean on their own', async () => {
    const { code, stdout } = await runCli(['lint', '--format', 'json', library]);
    expect(JSON.parse(stdout).files[0].diagnostics).toEqual([]);
    expect(code).toBe(0);
  });

  it('are refused by compile with a message saying what they are', async () => {
    const { code, stderr } = await runCli(['compile', library]);
    expect(code).toBe(1);
    expect(stderr).toContain('declares no workflow; nothing to compile');
    expect(stderr).toContain('library of policies and agents');
  });
});
