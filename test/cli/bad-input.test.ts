import { access, chmod, constants, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWorkflow } from '../../bench/generate-workflow.js';
import { LintJson } from '../../src/cli/output/json.js';
import { STACK_FRAME, fixture } from './support/fixtures.js';
import { requireBuild, runBinary } from './support/run-binary.js';
import { runCli, tempProject } from './support/run-cli.js';

const NOBODY = 65534;

/** Words a workflow uses, shuffled into nonsense: junk the lexer accepts and the parser cannot. */
function junk(bytes: number): string {
  const words = ['agent', 'channel', 'flow', 'budget', 'tokens', '{', '}', '->', '"x"', 'when', 'max', 'workflow', 'policy', '123', 'role', 'per', 'turn', ',', ':', 'start', 'done'];
  const out: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const word = words[(i * 7919) % words.length]!;
    out.push(i % 13 === 12 ? `${word}\n` : word);
    size += word.length + 1;
  }
  return out.join(' ');
}

/** Lints one file's content as JSON; asserts no stack trace and no internal error on the way. */
async function lintContent(content: string | Uint8Array, name = 'input.coord') {
  const root = await tempProject({ [name]: content });
  const result = await runCli(['lint', '--format', 'json', name], { cwd: root });
  expect(`${result.stdout}${result.stderr}`).not.toMatch(STACK_FRAME);
  expect(result.stderr).not.toContain('internal error');
  const report = result.code === 2 ? undefined : LintJson.parse(JSON.parse(result.stdout));
  return { ...result, report, codes: report?.files.flatMap((f) => f.diagnostics.map((d) => d.code)) ?? [] };
}

describe('coord lint on bad input reports a diagnostic, never a stack trace', () => {
  it('an empty file: no workflow declared', async () => {
    const { code, codes } = await lintContent('');
    expect(code).toBe(1);
    expect(codes).toEqual(['COORD013']);
  });

  it('binary garbage: not valid UTF-8', async () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 17) % 256);
    const { code, codes } = await lintContent(garbage);
    expect(code).toBe(1);
    expect(codes).toEqual(['COORD004']);
  });

  it('invalid UTF-8 inside a string, pointed at by line and column', async () => {
    const bytes = Buffer.concat([Buffer.from('workflow w {\n  agent a { role "'), Buffer.from([0xc3, 0x28]), Buffer.from('" }\n}\n')]);
    const { code, report } = await lintContent(bytes);
    expect(code).toBe(1);
    expect(report!.files[0]!.diagnostics[0]).toMatchObject({ code: 'COORD004', range: { start: { line: 2, column: 19 } } });
  });

  it('a byte-order mark and CRLF line ends change neither validity nor positions', async () => {
    const clean = await readFile(fixture('research-brief.coord'), 'utf8');
    expect((await lintContent(`\uFEFF${clean.replace(/\n/g, '\r\n')}`)).code).toBe(0);
    const broken = await readFile(fixture('errors/undefined-names.coord'), 'utf8');
    const { report } = await lintContent(`\uFEFF${broken.replace(/\n/g, '\r\n')}`);
    expect(report!.files[0]!.diagnostics.map((d) => [d.code, d.range.start])).toEqual([
      ['COORD040', { line: 10, column: 22 }],
      ['COORD021', { line: 14, column: 16 }],
    ]);
  });

  it('a 100,000-line file is read to its end, with positions counted on its last lines', async () => {
    const padding = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? '' : `// note ${i}`)).join('\n');
    const { code, report } = await lintContent(`${padding}\nworkflow w {\n  agent a { model "openai:x" }\n  flow {\n    start a\n    a -> b\n  }\n}\n`);
    expect(code).toBe(1);
    expect(report!.files[0]!.diagnostics.map((d) => [d.code, d.range.start])).toEqual([['COORD021', { line: 100_005, column: 10 }]]);
  });

  it('a 10,000-line workflow of 872 agents is checked in full', async () => {
    const text = generateWorkflow(218);
    expect(text.split('\n').length).toBeGreaterThan(10_000);
    const { code, report } = await lintContent(text);
    expect(code).toBe(0);
    expect(report!.files[0]!.budgetBound!.tokens).toBeGreaterThan(0);
  });

  it('parentheses nested 10,000 deep in a guard', async () => {
    const guard = `${'('.repeat(10_000)}a.n > 1${')'.repeat(10_000)}`;
    const { code, codes } = await lintContent(`workflow w {\n  agent a { model "openai:x" output { n: number } }\n  flow {\n    start a\n    a -> done when ${guard}\n  }\n}\n`);
    expect(code).toBe(1);
    expect(codes).toEqual(['COORD005']);
  });

  it('8 MB of junk: refused at once as larger than a workflow file may be (COORD006), nothing parsed', async () => {
    const { code, report } = await lintContent(junk(8 * 1024 * 1024));
    expect(code).toBe(1);
    expect(report!.files[0]!.diagnostics.map((d) => d.code)).toEqual(['COORD006']);
    expect(report!.files[0]!.diagnostics[0]!.message).toMatch(/it is [\d,]+ bytes; a workflow file may be at most 1 MiB/);
  });

  it('1 MB of junk words: the parser stops after 50 errors and says so (COORD008)', async () => {
    const { code, codes } = await lintContent(junk(1000 * 1000));
    expect(code).toBe(1);
    expect(codes).toEqual(['COORD001', 'COORD008']);
  });

  it('1 MB of junk characters: 100 reported, then COORD008 says how many more there were', async () => {
    const { code, report } = await lintContent('@ '.repeat(500_000));
    expect(code).toBe(1);
    const diagnostics = report!.files[0]!.diagnostics;
    expect(diagnostics).toHaveLength(101);
    expect(diagnostics.at(-1)!.message).toBe('too many syntax errors: checking stopped after 100 unexpected characters (of 500000); this may not be a workflow file');
  });

  it('a 1 MB identifier is abbreviated in the message, and the code frame stays one line', async () => {
    const name = 'x'.repeat(1_000_000);
    const { code, report, stdout } = await lintContent(`workflow w {\n  agent a { model "openai:x" }\n  flow {\n    start ${name}\n  }\n}\n`);
    expect(code).toBe(1);
    const message = report!.files[0]!.diagnostics[0]!.message;
    expect(message).toContain('(1000000 characters)');
    expect(message.length).toBeLessThan(200);
    expect(stdout.length).toBeLessThan(10_000);
  });

  it('unknown keywords, with a suggestion', async () => {
    const { code, report } = await lintContent('workflow w {\n  agnet a { }\n  chanel a -> b\n}\n');
    expect(code).toBe(1);
    const first = report!.files[0]!.diagnostics[0]!;
    expect(first).toMatchObject({ code: 'COORD002', range: { start: { line: 2, column: 3 } } });
    expect(first.hint).toContain("'agent'");
  });

  it('an unterminated string', async () => {
    const { code, report } = await lintContent('workflow w {\n  agent a { role "never closed }\n}\n');
    expect(code).toBe(1);
    expect(report!.files[0]!.diagnostics[0]!.range.start).toEqual({ line: 2, column: 18 });
  });

  it('numbers too large for a budget: 1e400 and 99999999999999999999999', async () => {
    const { code, report } = await lintContent(
      'workflow w {\n  budget 1e400 tokens\n  agent a {\n    model "openai:x"\n    budget 99999999999999999999999 tokens per turn\n  }\n  flow {\n    start a\n    a -> done\n  }\n}\n',
    );
    expect(code).toBe(1);
    expect(report!.files[0]!.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([
      ['COORD033', 2],
      ['COORD033', 5],
    ]);
  });

  it('files that import each other', async () => {
    const root = await tempProject({
      'a.coord': 'import "b.coord"\nworkflow w {\n  agent x { model "openai:x" }\n  flow {\n    start x\n    x -> done\n  }\n}\n',
      'b.coord': 'import "a.coord"\n',
    });
    const { code, stdout } = await runCli(['lint', '--format', 'json', 'a.coord'], { cwd: root });
    expect(code).toBe(1);
    const diagnostics = LintJson.parse(JSON.parse(stdout)).files[0]!.diagnostics;
    expect(diagnostics.map((d) => [d.code, path.basename(d.file)])).toEqual([
      ['COORD011', 'a.coord'],
      ['COORD011', 'b.coord'],
    ]);
  });
});

describe('coord lint on input it cannot read exits 2 with a clear error', () => {
  it('a missing file', async () => {
    const { code, stderr } = await runCli(['lint', '/nonexistent/flow.coord']);
    expect(code).toBe(2);
    expect(stderr).toBe("coord lint: cannot find '/nonexistent/flow.coord'\nhint: check the path; it is resolved against the current directory\n");
  });

  it('a directory named like a workflow is searched, and a directory given to compile is refused', async () => {
    const root = await tempProject({ 'dir.coord/inner.coord': await readFile(fixture('research-brief.coord'), 'utf8') });
    expect((await runCli(['lint', 'dir.coord'], { cwd: root })).code).toBe(0);
    const compile = await runCli(['compile', 'dir.coord'], { cwd: root });
    expect(compile.code).toBe(2);
    expect(compile.stderr).toContain("'dir.coord' is a directory, not a file");
  });

  it('a file without read permission', async (context) => {
    const root = await tempProject({ 'locked.coord': 'workflow w { }' });
    const locked = path.join(root, 'locked.coord');
    await chmod(locked, 0o000);
    const { code, stderr } = await asSomeoneWhoCannotRead(locked, context.skip);
    expect(code).toBe(2);
    expect(stderr).toBe(`coord lint: cannot read '${locked}': permission denied\nhint: check the file's permissions\n`);
  });

  it('a directory it cannot list', async (context) => {
    const root = await tempProject({});
    const closed = path.join(root, 'closed');
    await mkdir(closed);
    await chmod(closed, 0o000);
    const { code, stderr } = await asSomeoneWhoCannotRead(closed, context.skip);
    expect(code).toBe(2);
    expect(stderr).toBe(`coord lint: cannot read '${closed}': permission denied\nhint: check the file's permissions\n`);
  });
});

/**
 * Lints `target`, which its owner has locked, as a user who cannot read it: this process when
 * it is an ordinary user, or, under root (which reads anything), the built binary run as
 * `nobody`. Skips when neither is possible.
 */
async function asSomeoneWhoCannotRead(target: string, skip: (note?: string) => never) {
  if (!(await canStillRead(target))) return runCli(['lint', target]);
  if (process.getuid?.() !== 0) skip();
  requireBuild();
  // `nobody` must be able to run node and reach the checkout (a node under /root, say, it cannot).
  const probe = await runBinary(['--version'], { uid: NOBODY });
  if (probe.code !== 0) skip(`the user nobody cannot run coord here (${String(probe.code)}), so no user without read access is available`);
  await chmod(path.dirname(target), 0o755);
  return runBinary(['lint', target], { uid: NOBODY });
}

async function canStillRead(file: string): Promise<boolean> {
  try {
    await access(file, constants.R_OK);
    await (await open(file, 'r')).close();
    return true;
  } catch {
    return false;
  }
}
