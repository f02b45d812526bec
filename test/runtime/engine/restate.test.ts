import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestateRuns } from '../../../runtime/engine/restate/client.js';
import { startRestateServer, type RestateServer } from '../../../runtime/engine/restate/server.js';
import type { RunEvent } from '../../../runtime/events.js';
import { canonical } from '../../../runtime/run/event-log.js';
import { BIN, ROOT, requireBuild, runBinary } from '../../cli/support/run-binary.js';

/**
 * coord on a real Restate server: the server is started from its npm package on 127.0.0.1
 * with a temporary data directory, `coord serve` workers are child processes, and
 * everything is driven through the CLI, as a user would.
 */

const SECRET = 'sk-test-0123456789abcdefghijklmn';
const FIXTURES = join(ROOT, 'test/runtime/engine/fixtures');

let server: RestateServer;
let work: string;
let runs: RestateRuns;
let nextPort = 0;
const workers = new Set<ChildProcess>();

beforeAll(async () => {
  requireBuild();
  work = mkdtempSync(join(tmpdir(), 'coord-restate-'));
  server = await startRestateServer(join(work, 'restate-data'));
  runs = new RestateRuns(server.ingress);
  nextPort = 20_000 + (process.pid % 20_000);
});

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Starts `coord serve` on `port` and resolves once it has registered with the server. */
async function serve(port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--admin', server.admin, '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, COORD_TEST_API_KEY: SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.add(child);
  child.once('exit', () => workers.delete(child));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('coord serve: serving')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`coord serve exited with ${code}: ${output}`)));
  });
  return child;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const restate = () => `--engine=restate=${server.ingress}`;
const coord = (args: string[], env: Record<string, string> = {}) => runBinary(args, { env: { COORD_TEST_API_KEY: SECRET, ...env } });
const events = (ndjson: string): RunEvent[] => ndjson.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as RunEvent);
/** Events as two runs of one workflow must share them: without run ids, numbering and times. */
const comparable = (list: RunEvent[]) => list.map((event) => canonical(event));

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

describe('coord on Restate', () => {
  let worker: ChildProcess;
  const port = () => nextPort;

  beforeAll(async () => {
    worker = await serve(port());
  });

  it("runs the README's main example through coord serve, with the events the file engine produces, and replays it", async () => {
    const file = join(ROOT, 'examples/word-stats/flow.coord');
    const local = await coord(['run', file, '--json', '--runs-dir', join(work, 'runs')]);
    expect(local.code, local.stderr).toBe(0);
    const remote = await coord(['run', file, '--json', restate(), '--run-id', 'readme-1']);
    expect(remote.code, remote.stderr).toBe(0);
    expect(comparable(events(remote.stdout))).toEqual(comparable(events(local.stdout)));
    expect(events(remote.stdout).at(-1)).toMatchObject({ type: 'run.finished', outcome: 'done', runId: 'readme-1' });

    // The run log has the file engine's format: the same NDJSON from `logs`, and `replay` rebuilds it.
    const logged = await coord(['logs', 'readme-1', '--json', restate()]);
    expect(logged.stdout).toBe(remote.stdout);
    const replayed = await coord(['replay', 'readme-1', restate()]);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toContain('identical to the journal; outcome done');
  });

  it('runs the approval example: submit, status, an answer to another question refused, the answer, logs and replay', async () => {
    const out = join(work, 'notes.md');
    const input = join(work, 'approval-input.json');
    writeFileSync(input, JSON.stringify({ out, version: '1.2.0' }));
    const submitted = await coord(['submit', join(ROOT, 'examples/approval/flow.coord'), restate(), '--run-id', 'approval-1', '--input', input]);
    expect(submitted).toMatchObject({ code: 0, stdout: 'approval-1\n' });
    const waiting = await until(async () => ((await runs.status('approval-1')).questions.length > 0 ? true : undefined), 'the question');
    expect(waiting).toBe(true);

    const status = await coord(['status', 'approval-1', restate()]);
    expect(status.stdout).toContain('waiting on publish#1 (approval): Publish these release notes?');
    expect(status.stdout).toContain(`answer with: coord answer approval-1 publish#1 yes|no --engine restate=${server.ingress}`);

    const other = await coord(['answer', 'approval-1', 'publish#2', 'yes', restate()]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('run approval-1 is not waiting on question publish#2: it waits on publish#1');
    const invalid = await coord(['answer', 'approval-1', 'publish#1', 'maybe', restate()]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('answer yes or no');

    expect((await coord(['answer', 'approval-1', 'publish#1', 'yes', restate()])).code).toBe(0);
    const summary = await runs.result('approval-1');
    expect(summary).toMatchObject({ outcome: 'done', outputs: { publish: { approved: true }, publisher: { path: out } } });
    // The same answer again changes nothing; another one is refused.
    expect(await coord(['answer', 'approval-1', 'publish#1', 'yes', restate()])).toMatchObject({ code: 0 });
    expect((await coord(['answer', 'approval-1', 'publish#1', 'no', restate()])).code).toBe(2);
    expect(readFileSync(out, 'utf8')).toContain('# Release 1.2.0');

    const log = events((await coord(['logs', 'approval-1', '--json', restate()])).stdout).map((event) => event.type);
    expect(log).toEqual(expect.arrayContaining(['human.waiting', 'human.answered', 'run.finished']));
    expect((await coord(['replay', 'approval-1', restate()])).code).toBe(0);
  });

  it('keeps a question waiting through the death of its worker: the answer reaches the run on a new one', async () => {
    const effects = join(work, 'question.effects');
    const input = join(work, 'question.json');
    writeFileSync(input, JSON.stringify({ effects }));
    expect((await coord(['submit', join(FIXTURES, 'question.coord'), restate(), '--run-id', 'question-1', '--input', input])).code).toBe(0);
    await until(async () => ((await runs.status('question-1')).questions.length > 0 ? true : undefined), 'the question');
    await killed(worker);
    worker = await serve(port());
    expect((await coord(['answer', 'question-1', 'approve#1', 'yes', restate()])).code).toBe(0);
    expect(await runs.result('question-1')).toMatchObject({ outcome: 'done', outputs: { approve: { approved: true } } });
    expect(lines(effects)).toEqual(['draft 1']);
  });

  it('coord run --engine restate stops following at a question with exit 3, naming the command that answers it', async () => {
    const effects = join(work, 'follow.effects');
    const input = join(work, 'follow.json');
    writeFileSync(input, JSON.stringify({ effects }));
    const followed = await coord(['run', join(FIXTURES, 'question.coord'), restate(), '--run-id', 'follow-1', '--input', input]);
    expect(followed.code).toBe(3);
    expect(followed.stdout).toContain('waiting for input at approve: Ship it?');
    expect(followed.stderr).toContain(`run follow-1 waits on approve#1; answer with: coord answer follow-1 approve#1 '<answer>' --engine restate=${server.ingress}`);
    expect((await coord(['answer', 'follow-1', 'approve#1', 'no', restate()])).code).toBe(0);
    expect((await runs.result('follow-1')).outcome).toBe('done');
  });

  it("takes a question's timeout from a durable timer when nobody answers", async () => {
    const effects = join(work, 'deadline.effects');
    const input = join(work, 'deadline.json');
    writeFileSync(input, JSON.stringify({ effects }));
    expect((await coord(['submit', join(FIXTURES, 'deadline.coord'), restate(), '--run-id', 'deadline-1', '--input', input])).code).toBe(0);
    expect(await runs.result('deadline-1')).toMatchObject({ outcome: 'done', outputs: { held: { message: 'held did turn 1' } } });
    expect(lines(effects)).toEqual(['draft 1', 'held 1']);
    const log = events((await coord(['logs', 'deadline-1', '--json', restate()])).stdout);
    expect(log.map((event) => event.type)).toContain('human.timedOut');
    // Too late now: the question has its timeout.
    expect((await coord(['answer', 'deadline-1', 'approve#1', 'yes', restate()])).code).toBe(2);
  });

  it('starts one run for a run id submitted twice', async () => {
    const effects = join(work, 'twice.effects');
    const input = join(work, 'twice.json');
    writeFileSync(input, JSON.stringify({ effects, delayMs: 200 }));
    const args = ['submit', join(FIXTURES, 'chain.coord'), restate(), '--run-id', 'twice-1', '--input', input];
    const [first, second] = await Promise.all([coord(args), coord(args)]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect([first.stderr, second.stderr].filter((text) => text.includes('was submitted before'))).toHaveLength(1);
    expect((await runs.result('twice-1')).outcome).toBe('done');
    expect(lines(effects)).toEqual(['first 1', 'second 1', 'third 1']);
  });

  it('keeps hard and per-message budgets as the file engine does, and keeps the worker\'s key out of every log and journal', async () => {
    const file = join(FIXTURES, 'budgets.coord');
    const input = join(work, 'words.json');
    writeFileSync(input, JSON.stringify({ words: 120 }));
    const local = await coord(['run', file, '--json', '--input', input, '--runs-dir', join(work, 'runs')]);
    const remote = await coord(['run', file, '--json', '--input', input, restate(), '--run-id', 'budgets-1']);
    expect(remote.code).toBe(1);
    expect(local.code).toBe(1);
    expect(comparable(events(remote.stdout))).toEqual(comparable(events(local.stdout)));
    const types = events(remote.stdout).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['message.overflow', 'budget.exceeded']));
    expect(events(remote.stdout).at(-1)).toMatchObject({ type: 'run.finished', outcome: 'budget_exhausted' });

    expect(remote.stdout).not.toContain(SECRET);
    expect(remote.stdout).toContain('the key is');
    // What the server holds: the journal of every invocation and the runs' state.
    const journal = await query('SELECT raw, entry_json FROM sys_journal');
    const state = await query("SELECT value_utf8 FROM state WHERE service_name = 'coord'");
    expect(journal.length).toBeGreaterThan(0);
    expect(state.length).toBeGreaterThan(0);
    const hex = Buffer.from(SECRET).toString('hex');
    for (const row of journal) {
      expect(String(row.raw)).not.toContain(hex);
      expect(String(row.entry_json)).not.toContain(SECRET);
    }
    for (const row of state) expect(String(row.value_utf8)).not.toContain(SECRET);
  });

  it('finishes a run whose worker was killed mid-step on a restarted worker, each side effect once', async () => {
    const effects = join(work, 'restart.effects');
    const input = join(work, 'restart.json');
    writeFileSync(input, JSON.stringify({ effects, delayMs: 1500 }));
    expect((await coord(['submit', join(FIXTURES, 'chain.coord'), restate(), '--run-id', 'restart-1', '--input', input])).code).toBe(0);
    await until(() => (lines(effects).length === 1 ? true : undefined), 'the first side effect');
    // The second step has started and is waiting out its delay: its worker dies mid-step.
    await killed(worker);
    expect(lines(effects)).toEqual(['first 1']);
    worker = await serve(port());
    expect((await runs.result('restart-1')).outcome).toBe('done');
    expect(lines(effects)).toEqual(['first 1', 'second 1', 'third 1']);
  });

  it('lets a second worker take over a run whose worker died', async () => {
    const effects = join(work, 'takeover.effects');
    const input = join(work, 'takeover.json');
    writeFileSync(input, JSON.stringify({ effects, delayMs: 1500 }));
    expect((await coord(['submit', join(FIXTURES, 'chain.coord'), restate(), '--run-id', 'takeover-1', '--input', input])).code).toBe(0);
    await until(() => (lines(effects).length === 1 ? true : undefined), 'the first side effect');
    const second = await serve(port());
    await killed(worker);
    expect((await runs.result('takeover-1')).outcome).toBe('done');
    expect(lines(effects)).toEqual(['first 1', 'second 1', 'third 1']);
    worker = second;
  });

  it("gives a run taken over by another worker the coordinator state the first one had: the latent readout is the file engine's", async () => {
    const file = join(FIXTURES, 'field-notes.coord');
    const slow = { COORD_TEST_SLOW_MS: '2500' };
    const local = await coord(['run', file, '--json', '--runs-dir', join(work, 'runs')], slow);
    expect(local.code, local.stderr).toBe(0);

    // Workers whose planner turns are slow: the first dies while the planner reads what the coordinator picked.
    await killed(worker);
    worker = await serve(port(), slow);
    expect((await coord(['submit', file, restate(), '--run-id', 'notes-1'])).code).toBe(0);
    await until(async () => ((await runs.log('notes-1').catch(() => undefined))?.records.some((r) => r.kind === 'event' && r.event.type === 'coordinator.readout') ? true : undefined), 'the readout');
    const second = await serve(port(), slow);
    await killed(worker);
    worker = second;
    expect((await runs.result('notes-1')).outcome).toBe('done');

    const remote = events((await coord(['logs', 'notes-1', '--json', restate()])).stdout);
    expect(comparable(remote)).toEqual(comparable(events(local.stdout)));
    expect(remote.find((event) => event.type === 'coordinator.readout')).toMatchObject({ agent: 'planner' });
    // What the planner read is what the coordinator picked: the same notes on the worker that finished the run.
    const read = (list: RunEvent[]) => list.find((event) => event.type === 'turn.finished' && event.agent === 'planner');
    expect(read(remote)).toMatchObject({ output: (read(events(local.stdout)) as { output: unknown }).output });
  });
});

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${server.admin}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: sql }),
  });
  if (!response.ok) throw new Error(`query failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { rows: Array<Record<string, unknown>> }).rows;
}
