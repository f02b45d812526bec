import { readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LintJson } from '../../src/cli/output/json.js';
import { FIXTURES, STACK_FRAME, fixture } from './support/fixtures.js';
import { runCli, tempProject } from './support/run-cli.js';
import { sarifValidator } from './support/sarif-validator.js';

const VALID = fixture('research-brief.coord');
const WARNING = fixture('warnings/self-channel.coord');
const ERRORS = fixture('errors/undefined-names.coord');

describe('coord lint', () => {
  it('exits 0 on a clean workflow and reports its static budget bound', async () => {
    const { code, stdout, stderr } = await runCli(['lint', VALID], { cwd: FIXTURES });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^research-brief\.coord: budget bound: \d+ tokens worst case \(best case \d+\) of 250000$/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('no problems in 1 file');
  });

  it('exits 1 on errors and prints each with location, severity, code, message, code frame and hint', async () => {
    const { code, stdout } = await runCli(['lint', 'errors/undefined-names.coord'], { cwd: FIXTURES });
    expect(code).toBe(1);
    await expect(stdout).toMatchFileSnapshot('golden/lint-undefined-names.txt');
  });

  it('exits 0 on warnings alone, and 1 when they exceed --max-warnings', async () => {
    expect((await runCli(['lint', WARNING])).code).toBe(0);
    expect((await runCli(['lint', '--max-warnings', '1', WARNING])).code).toBe(0);
    const strict = await runCli(['lint', '--max-warnings', '0', WARNING]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('coord lint: 1 warning, more than --max-warnings 0 allows');
  });

  it('searches directories recursively for .coord files, skipping node_modules and dot-directories', async () => {
    const clean = await readFile(VALID, 'utf8');
    const root = await tempProject({
      'flows/a.coord': clean,
      'flows/nested/deeper/b.coord': clean,
      'flows/notes.txt': 'not a workflow',
      'flows/node_modules/pkg/c.coord': 'broken {',
      'flows/.cache/d.coord': 'broken {',
      'elsewhere/e.coord': 'broken {',
    });
    await symlink(path.join(root, 'elsewhere', 'e.coord'), path.join(root, 'flows', 'linked.coord'));
    await symlink(path.join(root, 'elsewhere'), path.join(root, 'flows', 'linked-dir'));
    const { code, stdout } = await runCli(['lint', '--format', 'json', 'flows'], { cwd: root });
    expect(code).toBe(0);
    const files = LintJson.parse(JSON.parse(stdout)).files.map((f) => path.relative(root, f.file));
    expect(files).toEqual(['flows/a.coord', path.join('flows', 'nested', 'deeper', 'b.coord')]);
  });

  it('reports a finding in a file that several workflows import once', async () => {
    const importer = (name: string) => `import "shared.coord"\nworkflow ${name} {\n  agent a { model "openai:x" }\n  flow {\n    start a\n    a -> done\n  }\n}\n`;
    const shared = 'agent helper {\n  model "openai:x"\n}\nagent helper {\n  model "openai:y"\n}\n';
    const project = await tempProject({ 'one.coord': importer('one'), 'two.coord': importer('two'), 'shared.coord': shared });
    const { code, stdout } = await runCli(['lint', '--format', 'json', 'one.coord', 'two.coord'], { cwd: project });
    expect(code).toBe(1);
    const report = LintJson.parse(JSON.parse(stdout));
    const inShared = report.files.flatMap((f) => f.diagnostics).filter((d) => d.file.endsWith('shared.coord'));
    expect(inShared.length).toBeGreaterThan(0);
    expect(new Set(inShared.map((d) => JSON.stringify(d))).size).toBe(inShared.length);
    expect(report.files[1]!.diagnostics.filter((d) => d.file.endsWith('shared.coord'))).toEqual([]);
  });

  it('lints a file named twice once', async () => {
    const { code, stdout } = await runCli(['lint', '--format', 'json', 'research-brief.coord', `./research-brief.coord`, VALID], { cwd: FIXTURES });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).files).toHaveLength(1);
  });

  it('prints --help and exits 0', async () => {
    const { code, stdout } = await runCli(['lint', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('usage: coord lint');
    expect(stdout).toContain('--max-warnings');
  });
});

describe('coord lint usage errors exit 2 with a message and no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown flag', ['lint', '--fix', VALID], /Unknown option '--fix'[\s\S]*coord lint --help/],
    ['no files', ['lint'], /no files given/],
    ['a missing file', ['lint', 'nope/missing.coord'], /cannot find 'nope\/missing\.coord'/],
    ['an unknown format', ['lint', '--format', 'xml', VALID], /--format must be one of pretty, json, sarif, github, not 'xml'/],
    ['a bad --max-warnings', ['lint', '--max-warnings', 'some', VALID], /--max-warnings must be a whole number/],
    ['a file that is not .coord', ['lint', fixture('../../../package.json')], /is not a \.coord file/],
    ['a directory without workflows', ['lint', path.join(FIXTURES, '..', '..', 'cli')], /no \.coord files in directory/],
  ];
  it.each(cases)('%s', async (_name, argv, message) => {
    const { code, stdout, stderr } = await runCli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(STACK_FRAME);
  });
});

describe('coord lint colour', () => {
  async function lintOnTerminal(env: Record<string, string | undefined>) {
    const descriptor = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
    try {
      return await runCli(['lint', ERRORS], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } });
    } finally {
      if (descriptor) Object.defineProperty(process.stdout, 'isTTY', descriptor);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
  }

  it('is used on a terminal', async () => {
    expect((await lintOnTerminal({})).stdout).toContain('\u001b[');
  });

  it('is not used on a terminal when NO_COLOR is set', async () => {
    expect((await lintOnTerminal({ NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
  });

  it('is not used in a pipe unless FORCE_COLOR is set', async () => {
    expect((await runCli(['lint', ERRORS], { env: { FORCE_COLOR: undefined } })).stdout).not.toContain('\u001b[');
    expect((await runCli(['lint', ERRORS], { env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[');
  });
});

describe('coord lint --format json', () => {
  it('has the documented shape: files with diagnostics and budget bound, and summary counts', async () => {
    const { code, stdout } = await runCli(['lint', '--format', 'json', VALID, WARNING, ERRORS]);
    expect(code).toBe(1);
    const report = LintJson.parse(JSON.parse(stdout));
    expect(report.version).toBe(1);
    expect(report.files.map((f) => f.file)).toEqual([VALID, WARNING, ERRORS]);
    expect(report.summary).toEqual({ files: 3, errors: 2, warnings: 1, infos: 0 });
    const [valid, warning, errors] = report.files;
    expect(valid!.diagnostics).toEqual([]);
    expect(valid!.budgetBound).toMatchObject({ budget: 250000, unboundedBecause: [] });
    expect(valid!.budgetBound!.tokens).toBeGreaterThan(valid!.budgetBound!.bestCase!);
    expect(warning!.diagnostics.map((d) => [d.code, d.severity, d.range.start])).toEqual([['COORD042', 'warning', { line: 7, column: 16 }]]);
    expect(errors!.budgetBound).toBeNull();
    expect(errors!.diagnostics.map((d) => d.code)).toEqual(['COORD040', 'COORD021']);
  });
});

describe('coord lint --format sarif', () => {
  it('writes a SARIF 2.1.0 log that validates against the official schema', async () => {
    const { code, stdout } = await runCli(['lint', '--format', 'sarif', VALID, WARNING, ERRORS], { cwd: FIXTURES });
    expect(code).toBe(1);
    const log = JSON.parse(stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const results = log.runs[0].results;
    expect(results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['COORD042', 'warning'],
      ['COORD040', 'error'],
      ['COORD021', 'error'],
    ]);
    expect(results[2].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'errors/undefined-names.coord', uriBaseId: '%SRCROOT%' },
      region: { startLine: 14, startColumn: 16, endLine: 14, endColumn: 22 },
    });
  });
});

describe('coord lint --format github', () => {
  it('prints one workflow command per finding, with the path relative to the working directory', async () => {
    const { code, stdout } = await runCli(['lint', '--format', 'github', WARNING, ERRORS], { cwd: FIXTURES });
    expect(code).toBe(1);
    expect(stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^::warning file=warnings\/self-channel\.coord,line=7,col=16,endLine=7,endColumn=16,title=COORD042::channel a->a joins agent 'a' to itself%0Ahint: /),
      expect.stringMatching(/^::error file=errors\/undefined-names\.coord,line=10,col=22,endLine=10,endColumn=27,title=COORD040::/),
      expect.stringMatching(/^::error file=errors\/undefined-names\.coord,line=14,col=16,endLine=14,endColumn=21,title=COORD021::'planer' is not defined%0Ahint: did you mean 'planner'\?$/),
    ]);
  });
});
