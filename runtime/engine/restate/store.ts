import type { WorkflowContext } from '@restatedev/restate-sdk';
import type { JournalRecord, RunHeader } from '../../store/journal.js';
import type { OpenedRun, RunJournal, RunStore, StoredRun } from '../../store/store.js';
import { AttemptEnded, type OneAwaitAtATime } from './awaiter.js';
import { LOG_CHUNKS, logChunk, RUN, SERVICE, SNAPSHOT, type StoredRunStart } from './state.js';

/**
 * The run log of a run on Restate, kept in its workflow's state in the same records as the
 * file engine's journal.jsonl: `coord logs` and `coord replay` read it back. Each commit is
 * one durable step (so an execution of the run again writes back exactly what the first
 * wrote, times included) and one state chunk.
 */
export class RestateRunStore implements RunStore {
  constructor(
    private readonly ctx: WorkflowContext,
    private readonly awaits: OneAwaitAtATime,
    private readonly attempt: AbortSignal,
  ) {}

  async create(header: RunHeader, ir: unknown, machine: unknown): Promise<RunJournal> {
    const start = await this.awaits.await(this.ctx.run<StoredRunStart>('run started', () => ({ header, ir, machine })));
    this.ctx.set(RUN, start);
    const journal = new RestateRunJournal(this.ctx, this.awaits, this.attempt);
    journal.append({ kind: 'header', header: start.header });
    return journal;
  }

  /** A run on Restate is continued by Restate itself, on whichever worker it chooses. */
  async open(): Promise<OpenedRun | undefined> {
    throw new Error('a run on Restate is not resumed by coord: Restate continues it');
  }

  async read(): Promise<StoredRun | undefined> {
    return undefined;
  }

  locate(runId: string): string {
    return `restate:${SERVICE}/${runId}`;
  }
}

class RestateRunJournal implements RunJournal {
  private pending: JournalRecord[] = [];
  private snapshot: unknown;
  private snapshotChanged = false;
  private chunks = 0;

  constructor(
    private readonly ctx: WorkflowContext,
    private readonly awaits: OneAwaitAtATime,
    private readonly attempt: AbortSignal,
  ) {}

  append(record: JournalRecord): void {
    this.pending.push(record);
  }

  writeSnapshot(snapshot: unknown): void {
    this.snapshot = snapshot;
    this.snapshotChanged = true;
  }

  async commit(): Promise<void> {
    // Once the attempt has ended nothing more reaches Restate; the next execution writes it all again.
    if (this.attempt.aborted || (this.pending.length === 0 && !this.snapshotChanged)) return;
    const chunk = { records: this.pending, ...(this.snapshotChanged ? { snapshot: this.snapshot } : {}) };
    this.pending = [];
    this.snapshotChanged = false;
    let written: typeof chunk;
    try {
      written = await this.awaits.await(this.ctx.run('journal', () => JSON.parse(JSON.stringify(chunk)) as typeof chunk));
    } catch (error) {
      if (error instanceof AttemptEnded) return;
      throw error;
    }
    if (written.records.length > 0) {
      this.ctx.set(logChunk(this.chunks++), written.records);
      this.ctx.set(LOG_CHUNKS, this.chunks);
    }
    if ('snapshot' in written) this.ctx.set(SNAPSHOT, written.snapshot);
  }

  close(): Promise<void> {
    return this.commit();
  }
}
