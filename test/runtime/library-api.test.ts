import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkflow, compileMachine, hasErrors } from '../../src/api/index.js';
import { AnswerRefused, FileRunStore, resumeRun, RunNotFound, startRun, type RunEvent } from '../../runtime/index.js';

const WRITERS = new URL('fixtures/writers.coord', import.meta.url).pathname;

/**
 * What an embedder of coord-lang/runtime sees of a human step: the question's id to answer it
 * by, what the person decides on, and the errors a resume is refused with, from the library's
 * own entry (so `instanceof` works for a program that imports only the package).
 */
describe('the library runtime entry, around a human step', () => {
  async function waitingRun() {
    const check = await checkWorkflow(WRITERS);
    expect(check.ir && !hasErrors(check.diagnostics)).toBeTruthy();
    const ir = check.ir!;
    const dir = mkdtempSync(join(tmpdir(), 'coord-library-'));
    const effects = join(dir, 'effects.txt');
    writeFileSync(effects, '');
    const store = new FileRunStore(join(dir, 'runs'));
    const events: RunEvent[] = [];
    const result = await startRun({ ir, machine: compileMachine(ir), store, runId: 'lib', input: { effects }, onEvent: (e) => void events.push(e) });
    return { store, result, events };
  }

  it('names the question a run waits on and shows what it is about', async () => {
    const { result, events } = await waitingRun();
    expect(result.outcome).toBe('waiting_for_input');
    expect(result.question).toBe('approve#1');
    const waiting = events.find((e) => e.type === 'human.waiting');
    expect(waiting).toMatchObject({ node: 'approve', about: [{ from: 'prepare', text: 'prepare did turn 1' }] });
  });

  it('refuses an answer to another question, and a run that does not exist, with its exported errors', async () => {
    const { store } = await waitingRun();
    await expect(resumeRun({ runId: 'lib', store, answer: { question: 'approve#2', value: 'yes' } })).rejects.toThrow(AnswerRefused);
    await expect(resumeRun({ runId: 'nope', store })).rejects.toThrow(RunNotFound);
  });
});
