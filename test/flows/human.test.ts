import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { compileMachine } from '../../src/compile/machine.js';
import type { HumanNode } from '../../src/ir/schema.js';
import type { HumanIO } from '../../runtime/run/human-io.js';
import { replayRun, resumeRun, startRun } from '../../runtime/run/run.js';
import { FileRunStore } from '../../runtime/store/file-store.js';
import type { JournalRecord } from '../../runtime/store/journal.js';
import { runCoord } from '../runtime/support/spawn-coord.js';
import { compiledFixture, finishedSteps, fixture, journal, readLines, tempDir } from './support/flows.js';

const PEOPLE = fixture('people.coord');

/** A run folder, an input naming the files the agents write, and `coord run` on the people fixture. */
function setUp() {
  const dir = tempDir();
  const runs = join(dir, 'runs');
  const calls = join(dir, 'calls.txt');
  const effect = join(dir, 'effect.txt');
  const input = join(dir, 'input.json');
  writeFileSync(input, JSON.stringify({ calls, effect }));
  const coord = (...args: string[]) => runCoord([...args, '--runs-dir', runs]);
  return { dir, runs, calls, effect, coord, run: (id: string) => coord('run', PEOPLE, '--run-id', id, '--input', input) };
}

describe('human steps without a terminal', () => {
  it('stop the run with exit 3 and "waiting for input"; `coord resume --input` continues it in new processes without re-running finished steps', async () => {
    const { runs, calls, effect, coord, run } = setUp();
    const first = await run('h');
    expect(first.code).toBe(3);
    expect(first.stdout).toMatch(/waiting for input at pick: Which length\?/);
    expect(first.stdout).toContain('outcome: waiting_for_input');
    expect(first.stdout).toContain("continue with: coord resume h --input '<answer>'");

    const picked = await coord('resume', 'h', '--input', 'long');
    expect(picked.code).toBe(3);
    expect(picked.stdout).toMatch(/waiting for input at note: Anything to add\?/);
    const noted = await coord('resume', 'h', '--input', 'ship it on Monday');
    expect(noted.code).toBe(3);
    const approved = await coord('resume', 'h', '--input', 'yes');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/finished steps restored from the journal, not run again/);

    // prepare ran once, in the first process; the side effect happened exactly once, in the last.
    expect(readLines(calls)).toEqual(['prepare 1']);
    expect(readLines(effect)).toEqual(['effect 1: prepare turn 1']);
    const records = journal(runs, 'h');
    expect(finishedSteps(records)).toEqual(['prepare#1', 'pick#1', 'note#1', 'approve#1', 'act#1']);
    const answers = records.flatMap((r) => (r.kind === 'event' && r.event.type === 'human.answered' ? [[r.event.node, r.event.answer]] : []));
    expect(answers).toEqual([['pick', 'long'], ['note', 'ship it on Monday'], ['approve', 'yes']]);

    // A finished run is not resumed again, and the side effect does not happen again.
    const again = await coord('resume', 'h', '--input', 'yes');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already finished \(done\)|not waiting for input/);
    expect(readLines(effect)).toHaveLength(1);
    expect((await coord('replay', 'h')).code).toBe(0);
  });

  it('answer every step from `--answers file.json`, a list answering repeated visits in order, and follow the rejection path', async () => {
    const { dir, calls, effect, coord, run } = setUp();
    expect((await run('r')).code).toBe(3);
    const answers = join(dir, 'answers.json');
    writeFileSync(answers, JSON.stringify({ pick: ['short', 'long'], note: ['first', 'second'], approve: [{ approved: false, comment: 'not yet' }, true] }));
    const resumed = await coord('resume', 'r', '--answers', answers);
    expect(resumed.code).toBe(0);
    // Rejected once: back to prepare (its second turn), asked again, approved; the effect happened once, after the approval.
    expect(readLines(calls)).toEqual(['prepare 1', 'prepare 2']);
    expect(readLines(effect)).toEqual(['effect 1: prepare turn 1 | prepare turn 2']);
  });

  it('end without the side effect when rejected more often than the loop allows', async () => {
    const { dir, calls, effect, coord, run } = setUp();
    expect((await run('n')).code).toBe(3);
    const answers = join(dir, 'answers.json');
    writeFileSync(answers, JSON.stringify({ pick: ['short', 'short'], note: ['a', 'b'], approve: ['no', 'no'] }));
    const resumed = await coord('resume', 'n', '--answers', answers);
    expect(resumed.code).toBe(0);
    expect(readLines(calls)).toEqual(['prepare 1', 'prepare 2']);
    expect(existsSync(effect)).toBe(false);
  });

  it('keep waiting, instead of failing, when an answer is not one the step accepts', async () => {
    const { coord, run } = setUp();
    expect((await run('bad')).code).toBe(3);
    const wrong = await coord('resume', 'bad', '--input', 'medium');
    expect(wrong.code).toBe(3);
    expect(wrong.stdout).toMatch(/asks for one of 'short', 'long', not "medium"/);
    expect((await coord('resume', 'bad', '--input', 'short')).code).toBe(3);
  });
});

describe('a human step with a timeout', () => {
  /** The deadline fixture as the real compiler builds it, with the approval's timeout set to `timeoutMs`. */
  async function deadlineFlow(timeoutMs: number) {
    const { ir } = await compiledFixture('deadline.coord');
    (ir.flow.nodes.find((node) => node.id === 'approve') as HumanNode).timeoutMs = timeoutMs;
    return { ir, machine: compileMachine(ir) };
  }

  /** A person who never answers; the question is withdrawn (its signal aborts) at the deadline. */
  function nobodyAnswers() {
    const asked: string[] = [];
    const human: HumanIO = {
      ask: (question, signal) => {
        asked.push(question.node);
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }));
      },
    };
    return { human, asked };
  }

  function setUpRun() {
    const dir = tempDir();
    const calls = join(dir, 'calls.txt');
    const effect = join(dir, 'effect.txt');
    return { dir, calls, effect, runs: join(dir, 'runs'), input: { calls, effect } };
  }

  /** The deadline the approval journaled when it first asked, and the result it finished with. */
  function approvalRecords(records: JournalRecord[]) {
    const start = records.find((r) => r.kind === 'step' && r.id === 'approve#1' && r.phase === 'start');
    const finish = records.find((r) => r.kind === 'step' && r.id === 'approve#1' && r.phase === 'finish');
    return { deadline: (start as { inputs?: { deadline?: string } } | undefined)?.inputs?.deadline, result: (finish as { result?: unknown } | undefined)?.result };
  }

  it('fires in the session that waits, is journaled as the step\'s result, and replays without a timer', async () => {
    const { ir, machine } = await deadlineFlow(200);
    const { calls, effect, runs, input } = setUpRun();
    const store = new FileRunStore(runs);
    const { human, asked } = nobodyAnswers();
    const result = await startRun({ ir, machine, store, runId: 't', input, human });
    expect(result.outcome).toBe('done');
    expect(asked).toEqual(['approve']);
    expect(readLines(calls)).toEqual(['prepare 1', 'held 1']);
    expect(existsSync(effect)).toBe(false);
    const approve = result.events.filter((e) => e.type.startsWith('human.') && (e as { node?: string }).node === 'approve').map((e) => e.type);
    expect(approve).toEqual(['human.waiting', 'human.timedOut']);

    const { deadline, result: finished } = approvalRecords(journal(runs, 't'));
    expect(deadline).toEqual(expect.any(String));
    expect(finished).toEqual({ type: 'timeout', deadline });

    // Replay takes the journaled timeout: no timer, no person, no agent call.
    const replayed = await replayRun({ runId: 't', store });
    expect(replayed.matches).toBe(true);
    expect(replayed.events.some((e) => e.type === 'human.timedOut')).toBe(true);
    expect(readLines(calls)).toEqual(['prepare 1', 'held 1']);
  });

  it('is taken at once by `coord resume` when the deadline passed while the run was stopped (exit 3)', async () => {
    const { calls, effect, runs, input, dir } = setUpRun();
    const inputFile = join(dir, 'input.json');
    writeFileSync(inputFile, JSON.stringify(input));
    const coord = (...args: string[]) => runCoord([...args, '--runs-dir', runs]);
    const first = await coord('run', fixture('deadline.coord'), '--run-id', 'd', '--input', inputFile);
    expect(first.code).toBe(3);
    const { deadline } = approvalRecords(journal(runs, 'd'));
    // Let the deadline pass while no process runs the workflow.
    await sleep(Math.max(0, Date.parse(deadline!) - Date.now()) + 50);

    const resumed = await coord('resume', 'd');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('approve: no answer in time, timeout taken');
    expect(readLines(calls)).toEqual(['prepare 1', 'held 1']);
    expect(existsSync(effect)).toBe(false);
    const records = journal(runs, 'd');
    expect(approvalRecords(records).result).toEqual({ type: 'timeout', deadline });
    expect(finishedSteps(records)).toEqual(['prepare#1', 'approve#1', 'held#1']);
    expect((await coord('replay', 'd')).code).toBe(0);
  });

  it('waits only for what remains of its deadline when the run is resumed before it', { timeout: 20_000 }, async () => {
    // Ten minutes: a timer that started again from zero on resume would outlast the test's timeout.
    const { ir, machine } = await deadlineFlow(600_000);
    const { calls, effect, runs, input } = setUpRun();
    const store = new FileRunStore(runs);
    const first = await startRun({ ir, machine, store, runId: 'r', input });
    expect(first.outcome).toBe('waiting_for_input');

    // Move the journaled deadline close, as if most of the ten minutes had passed since the question was asked.
    const path = join(runs, 'r', 'journal.jsonl');
    // Far enough ahead that the resumed session (loading its agents' threads) asks before it.
    const soon = new Date(Date.now() + 3000).toISOString();
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as JournalRecord);
    for (const record of lines) if (record.kind === 'step' && record.id === 'approve#1' && record.phase === 'start') record.inputs = { ...record.inputs, deadline: soon };
    writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');

    const { human, asked } = nobodyAnswers();
    const resumed = await resumeRun({ runId: 'r', store, human });
    expect(resumed.outcome).toBe('done');
    // The question was asked again in the new session, and withdrawn at the journaled deadline.
    expect(asked).toEqual(['approve']);
    expect(readLines(calls)).toEqual(['prepare 1', 'held 1']);
    expect(existsSync(effect)).toBe(false);
    expect(approvalRecords(journal(runs, 'r')).result).toEqual({ type: 'timeout', deadline: soon });
    expect((await replayRun({ runId: 'r', store })).matches).toBe(true);
  });
});
