import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STACK_FRAME, fixture } from './support/fixtures.js';
import { runCli, tempProject } from './support/run-cli.js';

const UGLY = 'workflow   w{budget 100 tokens\nagent a{model "openai:x"   budget 10 tokens per turn}\n  flow{start a\na->done}}';
const CANONICAL = `workflow w {
  budget 100 tokens
  agent a {
    model "openai:x"
    budget 10 tokens per turn
  }
  flow {
    start a
    a -> done
  }
}
`;

describe('coord fmt', () => {
  it('rewrites files in canonical style and lists the ones it changed', async () => {
    const root = await tempProject({ 'ugly.coord': UGLY, 'tidy.coord': CANONICAL });
    const { code, stdout } = await runCli(['fmt', '.'], { cwd: root });
    expect(code).toBe(0);
    expect(stdout).toBe('ugly.coord\n');
    expect(await readFile(path.join(root, 'ugly.coord'), 'utf8')).toBe(CANONICAL);
    expect(await readFile(path.join(root, 'tidy.coord'), 'utf8')).toBe(CANONICAL);
  });

  it('--check lists the files that would change, exits 1, and rewrites nothing', async () => {
    const root = await tempProject({ 'ugly.coord': UGLY, 'tidy.coord': CANONICAL });
    const { code, stdout } = await runCli(['fmt', '--check', 'ugly.coord', 'tidy.coord'], { cwd: root });
    expect(code).toBe(1);
    expect(stdout).toBe('ugly.coord\n');
    expect(await readFile(path.join(root, 'ugly.coord'), 'utf8')).toBe(UGLY);
  });

  it('--check exits 0 when every file is already formatted', async () => {
    const { code, stdout } = await runCli(['fmt', '--check', fixture('research-brief.coord')]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
  });

  it('reports a file with syntax errors and leaves it as it is', async () => {
    const broken = 'workflow w {\n  agnet a { }\n}\n';
    const root = await tempProject({ 'broken.coord': broken, 'ugly.coord': UGLY });
    const { code, stdout, stderr } = await runCli(['fmt', 'broken.coord', 'ugly.coord'], { cwd: root });
    expect(code).toBe(1);
    expect(stdout).toBe('ugly.coord\n');
    expect(stderr).toContain('broken.coord:2:3 error COORD002');
    expect(stderr).toContain('broken.coord: has syntax errors; not formatted');
    expect(await readFile(path.join(root, 'broken.coord'), 'utf8')).toBe(broken);
  });

  it('leaves a file that is not UTF-8 as it is, rather than replace its bytes', async () => {
    const bytes = Buffer.concat([Buffer.from('workflow w { agent a { role "'), Buffer.from([0xff, 0xfe]), Buffer.from('" } }\n')]);
    const root = await tempProject({ 'latin.coord': bytes });
    const { code, stderr } = await runCli(['fmt', 'latin.coord'], { cwd: root });
    expect(code).toBe(1);
    expect(stderr).toContain('latin.coord: not valid UTF-8; not formatted');
    expect(await readFile(path.join(root, 'latin.coord'))).toEqual(bytes);
  });

  it('exits 2 on bad usage, without a stack trace', async () => {
    for (const argv of [['fmt'], ['fmt', '--write', 'x.coord'], ['fmt', 'missing.coord']]) {
      const { code, stderr } = await runCli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).not.toMatch(STACK_FRAME);
    }
  });

  it('prints --help and exits 0', async () => {
    const { code, stdout } = await runCli(['fmt', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--check');
  });
});
