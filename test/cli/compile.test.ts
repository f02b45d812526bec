import { describe, expect, it } from 'vitest';
import { FIXTURES, STACK_FRAME, fixture } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';

describe('coord compile', () => {
  it('prints the XState machine config as JSON', async () => {
    const { code, stdout, stderr } = await runCli(['compile', fixture('research-brief.coord')]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const machine = JSON.parse(stdout);
    expect(machine).toMatchObject({ id: 'research_brief', initial: 'planner' });
    expect(Object.keys(machine.states)).toEqual(expect.arrayContaining(['planner', 'researcher', 'writer', 'done', 'failed']));
  });

  it('prints warnings to stderr and still compiles', async () => {
    const { code, stdout, stderr } = await runCli(['compile', fixture('warnings/self-channel.coord')]);
    expect(code).toBe(0);
    expect(stderr).toContain('warning COORD042');
    expect(JSON.parse(stdout).id).toBe('w');
  });

  it('refuses a workflow with errors, listing them, with exit 1 and nothing on stdout', async () => {
    const { code, stdout, stderr } = await runCli(['compile', 'errors/undefined-names.coord'], { cwd: FIXTURES });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('errors/undefined-names.coord:14:16 error COORD021');
    expect(stderr).toContain('has errors; nothing to compile');
  });

  it('exits 2 for no file, two files, a directory or a missing file', async () => {
    for (const argv of [['compile'], ['compile', 'a.coord', 'b.coord'], ['compile', FIXTURES], ['compile', 'missing.coord']]) {
      const { code, stderr } = await runCli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).not.toMatch(STACK_FRAME);
    }
  });
});

describe('coord graph', () => {
  it('prints a Mermaid flowchart by default', async () => {
    const { code, stdout } = await runCli(['graph', fixture('research-brief.coord')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^flowchart /);
    expect(stdout).toContain('planner');
  });

  it('prints a Graphviz digraph with --format dot', async () => {
    const { code, stdout } = await runCli(['graph', '--format', 'dot', fixture('research-brief.coord')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^digraph "research_brief" \{/);
    expect(stdout.trimEnd().endsWith('}')).toBe(true);
  });

  it('refuses a workflow with errors (exit 1) and an unknown format (exit 2)', async () => {
    expect((await runCli(['graph', fixture('errors/undefined-names.coord')])).code).toBe(1);
    const bad = await runCli(['graph', '--format', 'png', fixture('research-brief.coord')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of mermaid, dot');
  });
});

describe('coord schema', () => {
  it('prints the IR JSON Schema', async () => {
    const { code, stdout } = await runCli(['schema']);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['irVersion', 'agents', 'channels', 'flow']));
  });
});
