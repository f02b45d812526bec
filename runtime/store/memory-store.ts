import { hostname } from 'node:os';
import type { JournalRecord } from './journal.js';
import { RunBusy, type LeaseHolder } from './lease.js';
import { RunExists, type OpenedRun, type RunJournal, type RunStore, type StoredRun } from './store.js';

/**
 * A store that keeps runs in memory: for tests, and for embedding coord without a disk.
 * It has leases like the file store (one writing session per run), held in memory.
 * Records are kept as JSON lines, as the file store writes them: a copy the writer cannot
 * change afterwards, that costs the same whatever the run's length (structuredClone of each
 * record slowed as the run's records filled the heap). Each commit joins its lines into one
 * string: JSON.stringify returns a string in pieces, and a 10,000-item map kept some 500,000
 * of them alive for the collector to copy and mark again and again.
 */
interface MemoryRun extends Omit<StoredRun, 'records'> {
  /** One string per commit, its records a line each. */
  committed: string[];
  /** Lines appended since the last commit (read back too: a run in memory has no crash to lose them to). */
  pending: string[];
  snapshot?: string;
}

export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, MemoryRun>();
  private readonly leases = new Map<string, LeaseHolder>();

  locate(runId: string): string {
    return `memory:${runId}`;
  }

  async create(header: StoredRun['header'], ir: unknown, machine: unknown, purpose = 'a run'): Promise<RunJournal> {
    if (this.runs.has(header.runId)) throw new RunExists(header.runId, 'memory');
    this.lease(header.runId, purpose);
    this.runs.set(header.runId, { header, ir: structuredClone(ir), machine: structuredClone(machine), committed: [], pending: [] });
    const journal = this.journalOf(header.runId);
    journal.append({ kind: 'header', header });
    return journal;
  }

  async open(runId: string, purpose = 'a session'): Promise<OpenedRun | undefined> {
    if (!this.runs.has(runId)) return undefined;
    this.lease(runId, purpose);
    return { run: this.copy(runId)!, journal: this.journalOf(runId) };
  }

  async read(runId: string): Promise<StoredRun | undefined> {
    return this.copy(runId);
  }

  /** The last snapshot a session saved. */
  snapshot(runId: string): unknown {
    const saved = this.runs.get(runId)?.snapshot;
    return saved === undefined ? undefined : JSON.parse(saved);
  }

  private lease(runId: string, purpose: string): void {
    const holder = this.leases.get(runId);
    if (holder) throw new RunBusy(runId, holder, this.locate(runId));
    this.leases.set(runId, { pid: process.pid, hostname: hostname(), since: new Date().toISOString(), purpose });
  }

  private copy(runId: string): StoredRun | undefined {
    const run = this.runs.get(runId);
    if (!run) return undefined;
    const lines = [...run.committed.flatMap((chunk) => chunk.split('\n')), ...run.pending];
    return { header: run.header, ir: run.ir, machine: run.machine, records: lines.map((line) => JSON.parse(line) as JournalRecord) };
  }

  private journalOf(runId: string): RunJournal {
    const run = this.runs.get(runId)!;
    let closed = false;
    // JSON escapes every line break inside a string, so a line break only ever ends a record.
    const commit = () => {
      if (run.pending.length === 0) return;
      run.committed.push(run.pending.join('\n'));
      run.pending = [];
    };
    return {
      append: (record: JournalRecord) => {
        if (closed) throw new Error(`the journal of run ${runId} is closed`);
        run.pending.push(JSON.stringify(record));
      },
      writeSnapshot: (snapshot) => (run.snapshot = JSON.stringify(snapshot)),
      commit: async () => commit(),
      close: async () => {
        if (closed) return;
        commit();
        closed = true;
        this.leases.delete(runId);
      },
    };
  }
}
