import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMachine } from '../../../src/compile/machine.js';
import { loadWorkflow } from '../../../src/language/index.js';
import { JournalTampered } from '../../../runtime/run/refusals.js';
import { replayRun, resumeRun, startRun } from '../../../runtime/run/run.js';
import { FileRunStore } from '../../../runtime/store/file-store.js';
import { readLines } from '../../flows/support/flows.js';
import { runCoord } from '../support/spawn-coord.js';

const WRITERS = new URL('../fixtures/writers.coord', import.meta.url).pathname;

/** A run of the writers fixture waiting at its approval, in a folder of its own. */
async function waitingRun() {
  const { ir } = await loadWorkflow(WRITERS);
  const dir = mkdtempSync(join(tmpdir(), 'coord-integrity-'));
  const effects = join(dir, 'effects.txt');
  writeFileSync(effects, '');
  const runs = join(dir, 'runs');
  const store = new FileRunStore(runs);
  expect((await startRun({ ir: ir!, machine: compileMachine(ir!), store, runId: 't', input: { effects } })).outcome).toBe('waiting_for_input');
  const path = join(runs, 't', 'journal.jsonl');
  return { store, runs, effects, path, original: readFileSync(path, 'utf8') };
}

/** The journal with `edit` applied to every line that `matches`. */
function tamper(path: string, matches: (line: string) => boolean, edit: (line: string) => string | undefined): void {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  writeFileSync(path, `${lines.flatMap((line) => (matches(line) ? (edit(line) ?? []) : [line])).join('\n')}\n`);
}

describe('resume verifies the journal as replay does', () => {
  it('refuses a journal whose recorded usage was edited, runs nothing, writes nothing, and gives the lease back', async () => {
    const { store, effects, path, original } = await waitingRun();
    // Make the first turn look cheaper than it was.
    tamper(path, (line) => line.includes('"phase":"finish"') && line.includes('"id":"prepare#1"'), (line) => line.replace(/"usage":\{"input":(\d+),"output":(\d+)\}/, '"usage":{"input":0,"output":0}'));
    const edited = readFileSync(path, 'utf8');
    expect(edited).not.toBe(original);
    expect((await replayRun({ runId: 't', store })).matches).toBe(false);

    const refused = await resumeRun({ runId: 't', store, answers: { approve: 'yes' } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(JournalTampered);
    expect((refused as Error).message).toMatch(/^run t: its journal does not replay as it was recorded, so it was not resumed \(nothing was run or written\): event \d+: journal has .*"type":"turn.finished"/);
    expect(readFileSync(path, 'utf8')).toBe(edited);
    expect(readLines(effects)).toEqual(['prepare 1']);

    // Restored, it resumes (the lease was given back).
    writeFileSync(path, original);
    expect((await resumeRun({ runId: 't', store, answers: { approve: 'yes' } })).outcome).toBe('done');
    expect(readLines(effects)).toEqual(['prepare 1', 'act 1']);
  });

  it('refuses a journal with a step taken out', async () => {
    const { store, path } = await waitingRun();
    tamper(path, (line) => line.includes('"kind":"step"') && line.includes('"id":"prepare#1"') && line.includes('"phase":"finish"'), () => undefined);
    await expect(resumeRun({ runId: 't', store, answers: { approve: 'yes' } })).rejects.toThrow(JournalTampered);
  });

  it('refuses a journal with an event changed, and `coord resume` says so with exit 2', async () => {
    const { runs, path } = await waitingRun();
    tamper(path, (line) => line.includes('"type":"human.waiting"'), (line) => line.replace('Go ahead?', 'Delete everything?'));
    const result = await runCoord(['resume', 't', '--runs-dir', runs, '--input', 'yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/coord resume: run t: its journal does not replay as it was recorded/);
    expect(result.stderr).toMatch(/hint: the journal was changed after it was written; restore it, or start a new run \('coord replay t' lists every difference\)/);
  });
});
