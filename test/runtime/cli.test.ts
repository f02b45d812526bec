import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunEvent } from '../../runtime/events.js';
import { JournalRecord } from '../../runtime/store/journal.js';
import { runCoord, startCoord, waitForJournal } from './support/spawn-coord.js';

const SLOW = 'test/runtime/fixtures/slow-chain.coord';
const APPROVAL = 'test/runtime/fixtures/approval.coord';

function tempRuns(): string {
  return mkdtempSync(join(tmpdir(), 'coord-runs-'));
}

function journal(runs: string, id: string): JournalRecord[] {
  return readFileSync(join(runs, id, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JournalRecord.parse(JSON.parse(line)));
}

function finishedSteps(records: JournalRecord[]): string[] {
  return records.flatMap((r) => (r.kind === 'step' && r.phase === 'finish' ? [r.id] : []));
}

describe('coord run', () => {
  it('runs the word-stats example offline and its statistics are right', async () => {
    const runs = tempRuns();
    const result = await runCoord(['run', 'examples/word-stats/flow.coord', '--runs-dir', runs, '--run-id', 'ws']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = readFileSync('examples/word-stats/text/budgets.txt', 'utf8');
    const words = text.toLowerCase().match(/[a-z]+(?:'[a-z]+)*/g)!;
    const the = words.filter((w) => w === 'the').length;
    expect(result.stdout).toContain(`"words": ${words.length}`);
    expect(result.stdout).toContain(`"chunks": ${text.split(/\n\s*\n/).filter((c) => c.trim()).length}`);
    expect(result.stdout).toContain(`"the ${the}"`);
    expect(result.stdout).toMatch(/channel counter->reducer\s+\d+ \/ 4000/);
    expect(result.stdout).toContain('outcome: done');

    const replay = await runCoord(['replay', 'ws', '--runs-dir', runs]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/identical to the journal; outcome done/);
  });

  it('prints only NDJSON events with --json', async () => {
    const runs = tempRuns();
    const result = await runCoord(['run', 'examples/word-stats/flow.coord', '--json', '--runs-dir', runs, '--simulate', '--seed', '4']);
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => RunEvent.parse(JSON.parse(line)));
    expect(events[0]!.type).toBe('run.started');
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', outcome: 'done', simulated: true });
  });

  it('refuses bad usage with exit 2', async () => {
    expect((await runCoord(['run', 'test/runtime/fixtures/missing.coord'])).code).toBe(2);
    const seed = await runCoord(['run', SLOW, '--seed', '3']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--seed only applies with --simulate/);
    const unknown = await runCoord(['resume', 'no-such-run', '--runs-dir', tempRuns()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no run 'no-such-run'/);
  });
});

describe('interrupted runs', () => {
  it('resumes after kill -9 without running a finished step again', async () => {
    const runs = tempRuns();
    const calls = join(runs, 'calls.txt');
    const env = { COORD_TEST_SLOW_MS: '300', COORD_TEST_CALLS: calls };
    const { child, done } = startCoord(['run', SLOW, '--runs-dir', runs, '--run-id', 'k'], env);
    await waitForJournal(join(runs, 'k', 'journal.jsonl'), (line) => line.includes('"id":"second#1","phase":"finish"'), done);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    const before = finishedSteps(journal(runs, 'k'));
    expect(before).toContain('second#1');
    expect(before).not.toContain('fourth#1');

    const resumed = await runCoord(['resume', 'k', '--runs-dir', runs], env);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/finished steps restored from the journal/);
    const records = journal(runs, 'k');
    expect(finishedSteps(records)).toEqual(['first#1', 'second#1', 'third#1', 'fourth#1']);
    const called = readFileSync(calls, 'utf8').trim().split('\n');
    expect(called.filter((c) => c === 'first 1')).toHaveLength(1);
    expect(called.filter((c) => c === 'second 1')).toHaveLength(1);
    expect(called.filter((c) => c === 'fourth 1')).toHaveLength(1);
    expect((await runCoord(['replay', 'k', '--runs-dir', runs])).code).toBe(0);
  });

  it('stops gracefully on SIGTERM, saves its state, and resumes', async () => {
    const runs = tempRuns();
    const env = { COORD_TEST_SLOW_MS: '300' };
    const { child, done } = startCoord(['run', SLOW, '--runs-dir', runs, '--run-id', 't'], env);
    await waitForJournal(join(runs, 't', 'journal.jsonl'), (line) => line.includes('"id":"first#1","phase":"finish"'), done);
    child.kill('SIGTERM');
    const stopped = await done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toContain('outcome: cancelled');
    expect(stopped.stdout).toContain('coord resume t');
    const records = journal(runs, 't');
    expect(records.at(-1)).toMatchObject({ kind: 'event', event: { type: 'run.finished', outcome: 'cancelled' } });
    const snapshot = JSON.parse(readFileSync(join(runs, 't', 'snapshot.json'), 'utf8'));
    expect(snapshot.runId).toBe('t');
    expect(snapshot.ledger.find((p: { key: string }) => p.key === 'run').spent).toBeGreaterThan(0);

    const resumed = await runCoord(['resume', 't', '--runs-dir', runs], env);
    expect(resumed.code).toBe(0);
    expect(finishedSteps(journal(runs, 't'))).toEqual(['first#1', 'second#1', 'third#1', 'fourth#1']);
  });

  it('waits for a person (exit 3) and continues in a new process with --input', async () => {
    const runs = tempRuns();
    const waiting = await runCoord(['run', APPROVAL, '--runs-dir', runs, '--run-id', 'h']);
    expect(waiting.code).toBe(3);
    expect(waiting.stdout).toContain("coord resume h --input '<answer>'");

    const sentBack = await runCoord(['resume', 'h', '--runs-dir', runs, '--input', 'no']);
    expect(sentBack.code).toBe(3);
    const approved = await runCoord(['resume', 'h', '--runs-dir', runs, '--input', 'true']);
    expect(approved.code).toBe(0);
    expect(finishedSteps(journal(runs, 'h'))).toEqual(['drafter#1', 'review#1', 'drafter#2', 'review#2']);
    const again = await runCoord(['resume', 'h', '--runs-dir', runs]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already finished \(done\)/);
  });
});

describe('one writer per run, across processes', () => {
  it('refuses `coord resume` while `coord run` still writes the run (exit 4, naming the holder), and the run goes on untouched', async () => {
    const runs = tempRuns();
    // The run's first agent waits for the gate file, so the run is still going while the resume tries.
    const gate = join(runs, 'gate');
    const { child, done } = startCoord(['run', SLOW, '--runs-dir', runs, '--run-id', 'busy'], { COORD_TEST_GATE: gate });
    await waitForJournal(join(runs, 'busy', 'journal.jsonl'), (line) => line.includes('"id":"first#1","phase":"start"'), done);
    const second = await runCoord(['resume', 'busy', '--runs-dir', runs]);
    writeFileSync(gate, '');
    expect(second.code).toBe(4);
    expect(second.stderr).toContain(`coord resume: run busy is in use by coord run (process ${child.pid} on `);
    expect(second.stderr).toMatch(/hint: wait for it to end/);
    expect((await done).code).toBe(0);
    expect(finishedSteps(journal(runs, 'busy'))).toEqual(['first#1', 'second#1', 'third#1', 'fourth#1']);
    expect((await runCoord(['replay', 'busy', '--runs-dir', runs])).code).toBe(0);
  });

  it('applies one of two different answers given at once, and refuses the other: it never reaches the next question', async () => {
    const runs = tempRuns();
    const waiting = await runCoord(['run', APPROVAL, '--runs-dir', runs, '--run-id', 'two']);
    expect(waiting.code).toBe(3);
    // Both answer the question the run printed, as two people who saw it would.
    expect(waiting.stdout).toContain("continue with: coord resume two --input '<answer>' --question review#1");
    const [no, yes] = await Promise.all([
      runCoord(['resume', 'two', '--runs-dir', runs, '--input', 'no', '--question', 'review#1']),
      runCoord(['resume', 'two', '--runs-dir', runs, '--input', 'yes', '--question', 'review#1']),
    ]);
    // The one that proceeded: "no" waits at review#2, "yes" is done. The other: busy (4), or refused after it (2).
    const proceeded = [no, yes].filter((r) => r.code === 0 || r.code === 3);
    expect(proceeded).toHaveLength(1);
    const refused = proceeded[0] === no ? yes : no;
    expect([2, 4]).toContain(refused.code);
    expect(refused.stderr).toMatch(/is in use by coord resume|question review#1 of run two was already answered/);
    const answers = journal(runs, 'two').flatMap((r) => (r.kind === 'event' && r.event.type === 'human.answered' ? [r.event.answer] : []));
    expect(answers).toEqual([proceeded[0] === no ? 'no' : 'yes']);
    expect((await runCoord(['replay', 'two', '--runs-dir', runs])).code).toBe(0);
  });
});
