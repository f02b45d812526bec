import type { JournalRecord, RunHeader } from './journal.js';

/**
 * Where runs are kept. Appends are synchronous so that a step is on disk before the
 * next step starts; a durable execution engine can replace the file store behind
 * this interface without touching the run actor.
 */
export interface RunJournal {
  append(record: JournalRecord): void;
  /** Replaces the saved snapshot of the run's state (atomically: never half-written). */
  writeSnapshot(snapshot: unknown): void;
}

export interface StoredRun {
  header: RunHeader;
  ir: unknown;
  machine: unknown;
  records: JournalRecord[];
}

export interface RunStore {
  /** Starts a new run's record; fails when the id is taken. */
  create(header: RunHeader, ir: unknown, machine: unknown): RunJournal;
  /** Reads a run back, or undefined when there is none with that id. */
  read(runId: string): StoredRun | undefined;
  /** Appends to an existing run (resume). */
  reopen(runId: string): RunJournal;
  /** Where a run's files are, for messages to people. */
  locate(runId: string): string;
}
