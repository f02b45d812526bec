import type { JournalRecord, RunHeader } from './journal.js';

/**
 * A run being written, by the one session that holds its lease. Records are queued
 * by `append` and written by `commit`, which the run calls at the end of every step
 * section: a section is written before the next one starts, and forced to disk when the
 * commit is durable (a step's finish: one fsync per step, its start riding along).
 */
export interface RunJournal {
  /** Queues a record; it is written at the next commit. */
  append(record: JournalRecord): void;
  /** Replaces the saved snapshot of the run's state at the next commit (atomically: never half-written). */
  writeSnapshot(snapshot: unknown): void;
  /**
   * Writes what was appended (and the snapshot) and, unless `durable` is false, forces it to
   * disk. A commit that is not durable may be made durable anyway; the next durable one
   * forces everything before it.
   */
  commit(durable?: boolean): Promise<void>;
  /** Commits, then gives the lease back. */
  close(): Promise<void>;
}

/** A run's files are missing, unreadable or damaged: the user's to fix, not a bug in coord. */
export class RunFilesError extends Error {
  override readonly name = 'RunFilesError';
}

/** A new run was given the id of a run the store already has. */
export class RunExists extends Error {
  override readonly name = 'RunExists';
  constructor(
    readonly runId: string,
    where: string,
  ) {
    super(`a run with id '${runId}' already exists in ${where}`);
  }
}

export interface StoredRun {
  header: RunHeader;
  ir: unknown;
  machine: unknown;
  records: JournalRecord[];
}

/** What the writer of an existing run gets: the run as it was when the lease was taken, and its journal. */
export interface OpenedRun {
  run: StoredRun;
  journal: RunJournal;
}

export interface RunStore {
  /** Starts a new run's record and takes its lease; fails when the id is taken or held. */
  create(header: RunHeader, ir: unknown, machine: unknown, purpose?: string): Promise<RunJournal>;
  /**
   * Takes the lease of an existing run (resume) and reads it under the lease, so no other
   * writer can have moved it on since. Fails with `RunBusy` while another session holds it.
   */
  open(runId: string, purpose?: string): Promise<OpenedRun | undefined>;
  /** Reads a run back without taking its lease (replay, status); undefined when there is none with that id. */
  read(runId: string): Promise<StoredRun | undefined>;
  /** Where a run's files are, for messages to people. */
  locate(runId: string): string;
}
