import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JournalRecord } from './journal.js';
import type { RunJournal, RunStore, StoredRun } from './store.js';

/**
 * The default store: one folder per run under `.coord/runs/<run-id>/` with
 * `journal.jsonl` (append-only NDJSON), `ir.json`, `machine.json` and `snapshot.json`.
 */
export class FileRunStore implements RunStore {
  readonly root: string;

  constructor(root = join('.coord', 'runs')) {
    this.root = resolve(root);
  }

  locate(runId: string): string {
    if (!/^[A-Za-z0-9._-]+$/.test(runId)) throw new Error(`run id '${runId}' may only use letters, digits, '.', '_' and '-'`);
    return join(this.root, runId);
  }

  create(header: StoredRun['header'], ir: unknown, machine: unknown): RunJournal {
    const dir = this.locate(header.runId);
    if (existsSync(join(dir, 'journal.jsonl'))) throw new Error(`a run with id '${header.runId}' already exists in ${dir}`);
    mkdirSync(dir, { recursive: true });
    writeAtomically(join(dir, 'ir.json'), JSON.stringify(ir, null, 2));
    writeAtomically(join(dir, 'machine.json'), JSON.stringify(machine, null, 2));
    const journal = this.reopen(header.runId);
    journal.append({ kind: 'header', header });
    return journal;
  }

  reopen(runId: string): RunJournal {
    const dir = this.locate(runId);
    const journalPath = join(dir, 'journal.jsonl');
    return {
      append: (record) => appendFileSync(journalPath, `${JSON.stringify(record)}\n`),
      writeSnapshot: (snapshot) => writeAtomically(join(dir, 'snapshot.json'), JSON.stringify(snapshot)),
    };
  }

  read(runId: string): StoredRun | undefined {
    const dir = this.locate(runId);
    const journalPath = join(dir, 'journal.jsonl');
    if (!existsSync(journalPath)) return undefined;
    const records = parseJournal(readFileSync(journalPath, 'utf8'), journalPath);
    const first = records[0];
    if (first?.kind !== 'header') throw new Error(`${journalPath}: the first line is not a run header`);
    return {
      header: first.header,
      ir: JSON.parse(readFileSync(join(dir, 'ir.json'), 'utf8')),
      machine: JSON.parse(readFileSync(join(dir, 'machine.json'), 'utf8')),
      records,
    };
  }
}

/**
 * Parses journal lines. A process killed mid-write can leave the last line cut
 * short; that line never completed, so it is dropped. A bad line anywhere else
 * means the journal was damaged, which is an error.
 */
export function parseJournal(text: string, where: string): JournalRecord[] {
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const isLast = index >= lines.length - 2 && !text.endsWith('\n');
    try {
      records.push(JournalRecord.parse(JSON.parse(line)));
    } catch (error) {
      if (isLast) return;
      throw new Error(`${where}:${index + 1}: not a journal record: ${(error as Error).message}`);
    }
  });
  return records;
}

function writeAtomically(path: string, content: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, path);
}
