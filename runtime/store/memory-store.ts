import type { JournalRecord } from './journal.js';
import type { RunJournal, RunStore, StoredRun } from './store.js';

/** A store that keeps runs in memory: for tests, and for embedding coord without a disk. */
export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, StoredRun & { snapshot?: unknown }>();

  locate(runId: string): string {
    return `memory:${runId}`;
  }

  create(header: StoredRun['header'], ir: unknown, machine: unknown): RunJournal {
    if (this.runs.has(header.runId)) throw new Error(`a run with id '${header.runId}' already exists`);
    this.runs.set(header.runId, { header, ir: structuredClone(ir), machine: structuredClone(machine), records: [] });
    const journal = this.reopen(header.runId);
    journal.append({ kind: 'header', header });
    return journal;
  }

  reopen(runId: string): RunJournal {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`no run '${runId}'`);
    return {
      append: (record: JournalRecord) => run.records.push(structuredClone(record)),
      writeSnapshot: (snapshot) => (run.snapshot = structuredClone(snapshot)),
    };
  }

  read(runId: string): StoredRun | undefined {
    const run = this.runs.get(runId);
    return run && { header: run.header, ir: run.ir, machine: run.machine, records: run.records.map((r) => structuredClone(r)) };
  }

  snapshot(runId: string): unknown {
    return this.runs.get(runId)?.snapshot;
  }
}
