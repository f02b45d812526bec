import { mkdirSync, mkdtempSync as makeTemp, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_FILES, snapshotStamp, usableSnapshot } from '../../src/cli/start-snapshot.js';
import { generateWorkflow } from '../../bench/generate-workflow.js';
import { THREADED_LINT_MIN_BYTES } from '../../src/cli/lint/lint-report.js';
import { ROOT, requireBuild, runBinary } from './support/run-binary.js';

// `npm run build` makes lint's start-up snapshot with this Node (install/build-snapshot.js), so a
// lint here starts from it unless COORD_NO_SNAPSHOT is set.
const WITHOUT = { COORD_NO_SNAPSHOT: '1' };

beforeAll(() => requireBuild());

const made: string[] = [];
const mkdtempSync = (prefix: string) => {
  const dir = makeTemp(prefix);
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe("coord lint's start-up snapshot", () => {
  it('is made by the build and used by a lint', async () => {
    expect(usableSnapshot(path.join(ROOT, 'dist', 'bundle'), {})).toBe(SNAPSHOT_FILES(path.join(ROOT, 'dist', 'bundle')).blob);
    const { code, stderr } = await runBinary(['lint', 'examples/word-stats/flow.coord'], { env: { COORD_DEBUG: '1' } });
    expect(code).toBe(0);
    expect(stderr).toContain('coord: lint starts from the snapshot');
    expect((await runBinary(['lint', 'examples/word-stats/flow.coord'], { env: { COORD_DEBUG: '1', ...WITHOUT } })).stderr).not.toContain('snapshot');
  });

  // Everything a lint prints and exits with, from the snapshot and without it.
  const cases: Array<[string, string[]]> = [
    ['every format over the examples', ['examples']],
    ['json', ['--format', 'json', 'examples']],
    ['sarif', ['--format', 'sarif', 'examples']],
    ['github', ['--format', 'github', 'examples']],
    ['too many warnings', ['--max-warnings', '0', 'examples']],
    ['a missing file', ['no/such/file.coord']],
    ['bad usage', ['--format', 'yaml', 'examples']],
    ['help', ['--help']],
    // Worker threads cannot start in a process started from the snapshot: it hands the lint over.
    ['on worker threads', ['--workers', '2', 'examples']],
  ];
  it.each(cases)('prints and exits as a lint without it does: %s', async (_, args) => {
    const [from, without] = await Promise.all([runBinary(['lint', ...args]), runBinary(['lint', ...args], { env: WITHOUT })]);
    expect(from).toEqual(without);
  });

  it('checks a lint large enough for worker threads on its own main thread, and hands one that asks for threads to a Node started without it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coord-snapshot-large-'));
    const text = generateWorkflow(Math.ceil(THREADED_LINT_MIN_BYTES / 1500));
    expect(text.length).toBeGreaterThanOrEqual(THREADED_LINT_MIN_BYTES);
    writeFileSync(path.join(dir, 'large.coord'), text);
    const debug = { env: { COORD_DEBUG: '1' } };
    const [from, threads, without] = await Promise.all([runBinary(['lint', dir], debug), runBinary(['lint', '--workers', '1', dir], debug), runBinary(['lint', dir], { env: WITHOUT })]);
    expect(from.code).toBe(0);
    expect(from.stderr).toContain('coord: lint starts from the snapshot');
    expect(from.stderr).not.toContain('handed to a Node started without the snapshot');
    expect(from.stdout).toBe(without.stdout);
    expect(threads.stderr).toContain('coord: the lint asks for worker threads: it is handed to a Node started without the snapshot');
    expect(threads.stdout).toBe(without.stdout);
  });

  it('reports a file with errors, and the files after it, as a lint without it does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coord-snapshot-lint-'));
    writeFileSync(path.join(dir, 'a.coord'), 'workflow a {\n  budget 10 tokens\n  agent x {\n    function "./x.ts"\n  }\n  flow { start x\n');
    writeFileSync(path.join(dir, 'b.coord'), 'workflow b {\n  budget 10 tokens\n  agent y { function "./y.ts" }\n  flow { start y  y -> nowhere }\n}\n');
    const [from, without] = await Promise.all([runBinary(['lint', dir]), runBinary(['lint', dir], { env: WITHOUT })]);
    expect(from.code).toBe(1);
    expect(from).toEqual(without);
  });
});

describe('commands that check one workflow (compile, graph, run) through the snapshot', () => {
  it('check it in a Node started from the snapshot, and print and exit as without it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coord-snapshot-check-'));
    // A warning (an unused channel), an error (a flow to an agent that does not exist), a directory.
    writeFileSync(path.join(dir, 'warns.coord'), 'workflow w {\n  budget 100 tokens\n  agent a { function "./a.ts" }\n  agent b { function "./b.ts" }\n  channel b -> a { budget 10 tokens per message }\n  flow { start a\n a -> done }\n}\n');
    writeFileSync(path.join(dir, 'errors.coord'), 'workflow e {\n  budget 10 tokens\n  agent y { function "./y.ts" }\n  flow { start y  y -> nowhere }\n}\n');
    for (const args of [
      ['compile', 'examples/word-stats/flow.coord'],
      ['compile', path.join(dir, 'warns.coord')],
      ['compile', path.join(dir, 'errors.coord')],
      ['graph', 'examples/map-reduce/flow.coord'],
      ['compile', dir],
      ['compile', path.join(dir, 'missing.coord')],
    ]) {
      const [from, without] = await Promise.all([runBinary(args, { env: { COORD_DEBUG: '1' } }), runBinary(args, { env: WITHOUT })]);
      expect(from.stdout, args.join(' ')).toBe(without.stdout);
      expect(from.code, args.join(' ')).toBe(without.code);
      expect(from.stderr.replace(/^coord: .* is checked by a Node started from the snapshot .*\n/m, ''), args.join(' ')).toBe(without.stderr);
    }
    const { stderr } = await runBinary(['compile', 'examples/word-stats/flow.coord'], { env: { COORD_DEBUG: '1' } });
    expect(stderr).toContain('is checked by a Node started from the snapshot');
  });

  it('runs the main example the same way', async () => {
    const runs = mkdtempSync(path.join(tmpdir(), 'coord-snapshot-runs-'));
    const args = (id: string) => ['run', 'examples/word-stats/flow.coord', '--json', '--runs-dir', runs, '--run-id', id];
    const [from, without] = await Promise.all([runBinary(args('from')), runBinary(args('without'), { env: WITHOUT })]);
    expect(from.code).toBe(0);
    const outcome = (stdout: string) => stdout.split('\n').filter((line) => line.includes('"outcome"')).map((line) => (JSON.parse(line) as { outcome?: unknown }).outcome);
    expect(outcome(from.stdout)).toEqual(outcome(without.stdout));
    expect(from.stderr).toBe(without.stderr);
  });
});

describe('which snapshot a lint may start from', () => {
  /** A bundle folder with a script, a snapshot and a stamp as install/build-snapshot.js leaves them. */
  function made(): string {
    const bundle = mkdtempSync(path.join(tmpdir(), 'coord-snapshot-stamp-'));
    mkdirSync(bundle, { recursive: true });
    const { script, blob, stamp } = SNAPSHOT_FILES(bundle);
    writeFileSync(script, '// the script\n');
    writeFileSync(blob, 'snapshot');
    writeFileSync(stamp, JSON.stringify(snapshotStamp({ size: 14, mtimeMs: 0 })));
    utimesSync(script, 0, 0);
    return bundle;
  }

  it('is the one this Node made from the script as it is', () => {
    const bundle = made();
    expect(usableSnapshot(bundle, {})).toBe(SNAPSHOT_FILES(bundle).blob);
  });

  it('is none when COORD_NO_SNAPSHOT is set', () => {
    expect(usableSnapshot(made(), { COORD_NO_SNAPSHOT: '1' })).toBeUndefined();
  });

  it('is none when another Node made it: V8 refuses a snapshot from another binary', () => {
    const bundle = made();
    writeFileSync(SNAPSHOT_FILES(bundle).stamp, JSON.stringify({ ...snapshotStamp({ size: 14, mtimeMs: 0 }), node: 'v22.0.0' }));
    expect(usableSnapshot(bundle, {})).toBeUndefined();
  });

  it('is none when the script was rebuilt since', () => {
    const bundle = made();
    writeFileSync(SNAPSHOT_FILES(bundle).script, '// the script, rebuilt\n');
    expect(usableSnapshot(bundle, {})).toBeUndefined();
  });

  it('is none when the snapshot or its stamp is missing or unreadable', () => {
    const noStamp = made();
    writeFileSync(SNAPSHOT_FILES(noStamp).stamp, '{not json');
    expect(usableSnapshot(noStamp, {})).toBeUndefined();
    expect(usableSnapshot(path.join(tmpdir(), 'coord-no-such-bundle'), {})).toBeUndefined();
  });
});
