import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMachine } from '../../../src/compile/machine.js';
import { loadWorkflow } from '../../../src/language/index.js';
import type { WorkflowIR } from '../../../src/ir/schema.js';
import { AnswerAlreadyGiven, AnswerRefused } from '../../../runtime/run/answers.js';
import { RunFinished } from '../../../runtime/run/refusals.js';
import { replayRun, resumeRun, startRun, type RunResult } from '../../../runtime/run/run.js';
import { FileRunStore } from '../../../runtime/store/file-store.js';
import type { JournalRecord } from '../../../runtime/store/journal.js';
import { RunBusy } from '../../../runtime/store/lease.js';
import { readLines } from '../../flows/support/flows.js';

const WRITERS = new URL('../fixtures/writers.coord', import.meta.url).pathname;

async function writers(): Promise<{ ir: WorkflowIR; machine: unknown }> {
  const { ir, diagnostics } = await loadWorkflow(WRITERS);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { ir: ir!, machine: compileMachine(ir!) };
}

function setUp(delayMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'coord-writers-'));
  const effects = join(dir, 'effects.txt');
  writeFileSync(effects, '');
  return { store: new FileRunStore(join(dir, 'runs')), effects, input: { effects, delayMs } };
}

/** Each finished agent turn in the journal, as the effect it wrote: `prepare 1`. */
function journaledEffects(records: JournalRecord[]): string[] {
  return records.flatMap((r) => (r.kind === 'event' && r.event.type === 'turn.finished' ? [`${r.event.agent} ${r.event.turn}`] : []));
}

/**
 * The journal is one session after another: every session starts (`run.started`, or
 * `run.resumed` for a later one) and finishes (`run.finished`) before the next one
 * starts, and no step finishes twice.
 */
function expectSessionsInTurn(records: JournalRecord[]): void {
  let open = false;
  for (const record of records) {
    if (record.kind !== 'event') continue;
    if (record.event.type === 'run.started') {
      expect(open, 'a second run started in the same journal').toBe(false);
      open = true;
    }
    if (record.event.type === 'run.resumed') open = true;
    if (record.event.type === 'run.finished') {
      expect(open, 'a session finished that never started').toBe(true);
      open = false;
    }
  }
  const finishes = records.flatMap((r) => (r.kind === 'step' && r.phase === 'finish' ? [r.id] : []));
  expect(new Set(finishes).size).toBe(finishes.length);
}

const refusals = [RunBusy, AnswerRefused, AnswerAlreadyGiven, RunFinished];
const isRefusal = (error: unknown) => refusals.some((kind) => error instanceof kind);

type Contender = { answer?: 'yes' | 'no' };

describe('a run has one writer at a time', () => {
  it('whatever sessions contend for it (resumes, answers, a resume while the run goes on): exactly one proceeds, side effects happen once, replay matches', async () => {
    const flow = await writers();
    const contender = fc.record({ answer: fc.option(fc.constantFrom<'yes' | 'no'>('yes', 'no'), { nil: undefined }) }) as fc.Arbitrary<Contender>;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          /** `during`: contenders arrive while the first session still runs; `waiting`: once the run waits at approve#1. */
          when: fc.constantFrom<'during' | 'waiting'>('during', 'waiting'),
          contenders: fc.array(contender, { minLength: 2, maxLength: 4 }),
          delayMs: fc.constantFrom(5, 20),
        }),
        async ({ when, contenders, delayMs }) => {
          const { store, effects, input } = setUp(delayMs);
          const runId = 'contended';
          let first: Promise<RunResult> | undefined;
          let started!: () => void;
          const running = new Promise<void>((resolve) => (started = resolve));
          first = startRun({
            ...flow,
            store,
            runId,
            input,
            purpose: 'the first session',
            onEvent: (event) => {
              if (event.type === 'run.started') started();
            },
          });
          if (when === 'waiting') expect((await first).outcome).toBe('waiting_for_input');
          else await running;

          const sessions = contenders.map(({ answer }) =>
            resumeRun({ runId, store, purpose: 'a contender', ...(answer ? { answer: { question: 'approve#1', value: answer } } : {}) }),
          );
          const settled = await Promise.allSettled(when === 'during' ? [first, ...sessions] : sessions);
          const proceeded = settled.filter((s) => s.status === 'fulfilled');
          expect(proceeded).toHaveLength(1);
          for (const s of settled) if (s.status === 'rejected') expect(isRefusal(s.reason), String(s.reason)).toBe(true);
          for (const s of settled) if (s.status === 'rejected' && s.reason instanceof RunBusy) expect(s.reason.message).toMatch(/^run contended is in use by (the first session|a contender) \(process /);

          const records = (await store.read(runId))!.records;
          expectSessionsInTurn(records);
          expect(readLines(effects).sort()).toEqual(journaledEffects(records).sort());
          const answered = records.flatMap((r) => (r.kind === 'step' && r.phase === 'finish' && r.result?.type === 'human' ? [r.id] : []));
          expect(answered.length).toBeLessThanOrEqual(1);
          expect((await replayRun({ runId, store })).matches).toBe(true);

          // The lease was given back: the run can be taken to its end, and it still replays.
          const done = await resumeRun({ runId, store, answers: { approve: 'yes' } }).catch((error: unknown) => error);
          if (!(done instanceof RunFinished)) expect((done as RunResult).outcome).toBe('done');
          const all = (await store.read(runId))!.records;
          expectSessionsInTurn(all);
          expect(readLines(effects).sort()).toEqual(journaledEffects(all).sort());
          expect((await replayRun({ runId, store })).matches).toBe(true);
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe('an answer is tied to the question it answers', () => {
  async function waitingRun() {
    const flow = await writers();
    const { store, effects, input } = setUp(0);
    expect((await startRun({ ...flow, store, runId: 'q', input })).outcome).toBe('waiting_for_input');
    return { store, effects };
  }

  it('applies to the question it names, once; the same answer again does nothing', async () => {
    const { store, effects } = await waitingRun();
    const result = await resumeRun({ runId: 'q', store, answer: { question: 'approve#1', value: 'no' } });
    expect(result.outcome).toBe('waiting_for_input');
    expect(readLines(effects)).toEqual(['prepare 1', 'prepare 2']);
    await expect(resumeRun({ runId: 'q', store, answer: { question: 'approve#1', value: 'no' } })).rejects.toThrow(AnswerAlreadyGiven);
    // `false` is the same answer as "no" to an approval.
    await expect(resumeRun({ runId: 'q', store, answer: { question: 'approve#1', value: false } })).rejects.toThrow(/already answered "no"; nothing to do/);
    expect(readLines(effects)).toEqual(['prepare 1', 'prepare 2']);
  });

  it('is refused for a question already answered otherwise, never applied to the next one', async () => {
    const { store, effects } = await waitingRun();
    await resumeRun({ runId: 'q', store, answer: { question: 'approve#1', value: 'no' } });
    const refused = resumeRun({ runId: 'q', store, answer: { question: 'approve#1', value: 'yes' } });
    await expect(refused).rejects.toThrow(AnswerRefused);
    await expect(resumeRun({ runId: 'q', store, answer: { question: 'approve#1', value: 'yes' } })).rejects.toThrow(
      /question approve#1 of run q was already answered "no"; the answer "yes" was not applied \(it waits on question approve#2 \("Go ahead\?"\)\)/,
    );
    expect(readLines(effects)).toEqual(['prepare 1', 'prepare 2']);
    const records = (await store.read('q'))!.records;
    expect(records.flatMap((r) => (r.kind === 'event' && r.event.type === 'human.answered' ? [r.event.answer] : []))).toEqual(['no']);
  });

  it('is refused for a question the run never asked, or one it is not waiting on', async () => {
    const { store } = await waitingRun();
    await expect(resumeRun({ runId: 'q', store, answer: { question: 'approve#2', value: 'yes' } })).rejects.toThrow(
      /run q never asked question approve#2; it waits on question approve#1 \("Go ahead\?"\)/,
    );
  });
});
