import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { runCli } from './support/run-cli.js';

const MINE = ['lint', 'fmt', 'compile', 'graph', 'schema', 'lsp'];

describe('coord', () => {
  it('lists every command in --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const name of Object.keys(commands)) expect(stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('registers the front-end commands', () => {
    expect(Object.keys(commands)).toEqual(expect.arrayContaining(MINE));
  });

  it.each(Object.keys(commands))('coord %s --help prints its usage and exits 0', async (name) => {
    const { code, stdout, stderr } = await runCli([name, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`usage: coord ${name}`));
    expect(stderr).toBe('');
  });

  it('exits 2 on an unknown command, and with usage when given none', async () => {
    const unknown = await runCli(['lnt']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'lnt'");
    expect((await runCli([])).code).toBe(2);
  });

  it('prints its version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^coord \d+\.\d+\.\d+\n$/);
  });
});
