import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HumanIO } from '../../runtime/run/human-io.js';
import { startRun } from '../../runtime/run/run.js';
import { MemoryRunStore } from '../../runtime/store/memory-store.js';
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
  it('takes its timeout path when nobody answers in time, and the side effect does not happen', async () => {
    const { ir, machine } = await compiledFixture('people.coord');
    const dir = tempDir();
    const calls = join(dir, 'calls.txt');
    const effect = join(dir, 'effect.txt');
    // Answers the choice and the text at once; the approval is never answered (the run's end aborts the wait).
    const slowPerson: HumanIO = {
      ask: (question, signal) =>
        question.node === 'approve'
          ? new Promise((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }))
          : Promise.resolve(question.node === 'pick' ? 'short' : 'fine'),
    };
    const result = await startRun({ ir, machine, store: new MemoryRunStore(), runId: 't', input: { calls, effect }, human: slowPerson });
    expect(result.outcome).toBe('done');
    expect(readLines(calls)).toEqual(['prepare 1', 'held 1']);
    expect(existsSync(effect)).toBe(false);
    const approve = result.events.filter((e) => (e.type === 'human.waiting' || e.type === 'human.answered') && e.node === 'approve').map((e) => e.type);
    expect(approve).toEqual(['human.waiting']);
    expect(result.events.some((e) => e.type === 'state.entered' && e.state === 'held')).toBe(true);
  });
});
