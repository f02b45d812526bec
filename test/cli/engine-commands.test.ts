import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBuild, runBinary } from './support/run-binary.js';
import { STACK_FRAME } from './support/fixtures.js';

/** The engine commands without a server: errors for people, and status and logs of local runs. */
describe('coord submit, serve, status, answer and logs', () => {
  requireBuild();
  const runs = mkdtempSync(join(tmpdir(), 'coord-engine-cli-'));
  afterAll(() => rmSync(runs, { recursive: true, force: true }));
  // Port 9 (discard) on 127.0.0.1: nothing listens there.
  const nowhere = 'http://127.0.0.1:9';

  it('exit 2, no stack trace, and how to start a server when there is none', async () => {
    for (const args of [
      ['submit', 'examples/word-stats/flow.coord', `--engine=restate=${nowhere}`],
      ['status', 'some-run', `--engine=restate=${nowhere}`],
      ['answer', 'some-run', 'publish#1', 'yes', `--engine=restate=${nowhere}`],
      ['logs', 'some-run', `--engine=restate=${nowhere}`],
      ['run', 'examples/word-stats/flow.coord', `--engine=restate=${nowhere}`],
      ['serve', '--admin', nowhere, '--port', String(30_000 + (process.pid % 20_000))],
    ]) {
      const { code, stderr } = await runBinary(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toMatch(/cannot reach the Restate (server|admin API) at http:\/\/127\.0\.0\.1:9/);
      expect(stderr, args.join(' ')).not.toMatch(STACK_FRAME);
      if (args[0] !== 'serve') expect(stderr).toContain('npx restate-server');
    }
  });

  it('refuse an engine they do not know, and answer only runs on a server', async () => {
    expect(await runBinary(['run', 'examples/word-stats/flow.coord', '--engine', 'temporal'])).toMatchObject({ code: 2 });
    const answered = await runBinary(['answer', 'r', 'q#1', 'yes', '--engine', 'file']);
    expect(answered.code).toBe(2);
    expect(answered.stderr).toContain("coord resume <run-id> --input <value> --question <question>");
  });

  it('show a local run waiting for a person: its question and the command that answers it, and its events', async () => {
    const ran = await runBinary(['run', 'examples/approval/flow.coord', '--runs-dir', runs, '--run-id', 'local-1', '--no-tui']);
    expect(ran.code).toBe(3);
    const status = await runBinary(['status', 'local-1', '--engine', 'file', '--runs-dir', runs]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('run local-1 of approval: waiting for input');
    expect(status.stdout).toContain('answer with: coord resume local-1 --input yes|no --question publish#1');
    const logs = await runBinary(['logs', 'local-1', '--engine', 'file', '--runs-dir', runs, '--json']);
    expect(logs.code).toBe(0);
    const types = logs.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types[0]).toBe('run.started');
    expect(types).toContain('human.waiting');
    expect((await runBinary(['status', 'no-such-run', '--engine', 'file', '--runs-dir', runs])).code).toBe(2);
  });
});
