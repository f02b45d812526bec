import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, stat, truncate, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeDurableTemp } from './durable-temp.js';
import { JournalRecord } from './journal.js';
import { acquireLease, type Lease } from './lease.js';
import { RunExists, RunFilesError, type OpenedRun, type RunJournal, type RunStore, type StoredRun } from './store.js';

const JOURNAL = 'journal.jsonl';
const LOCK = 'lock';

/**
 * The default store: one folder per run under `.coord/runs/<run-id>/` with
 * `journal.jsonl` (append-only NDJSON), `ir.json`, `machine.json`, `snapshot.json`
 * and, while a session writes the run, `lock` (its lease, see lease.ts).
 */
export class FileRunStore implements RunStore {
  readonly root: string;

  constructor(root = join('.coord', 'runs')) {
    this.root = resolve(root);
  }

  locate(runId: string): string {
    if (!/^[A-Za-z0-9._-]+$/.test(runId) || /^\.+$/.test(runId)) {
      throw new InvalidRunId(runId);
    }
    return join(this.root, runId);
  }

  async create(header: StoredRun['header'], ir: unknown, machine: unknown, purpose = 'a run'): Promise<RunJournal> {
    const dir = this.locate(header.runId);
    await this.ensureRoot();
    await mkdir(dir, { recursive: true }).catch(filesError(`cannot make the folder of run ${header.runId}`, dir));
    const lease = await acquireLease(join(dir, LOCK), header.runId, purpose).catch(filesError(`cannot take the lease of run ${header.runId}`, dir));
    try {
      if (await exists(join(dir, JOURNAL))) throw new RunExists(header.runId, dir);
      await writeAtomically(join(dir, 'ir.json'), JSON.stringify(ir, null, 2));
      await writeAtomically(join(dir, 'machine.json'), JSON.stringify(machine, null, 2));
      // O_EXCL: of two sessions that both found no journal, only one creates it.
      const journal = await JournalFile.open(dir, lease, 'wx');
      journal.append({ kind: 'header', header });
      await journal.commit();
      return journal;
    } catch (error) {
      await lease.release();
      throw filesErrorOf(error, `cannot write run ${header.runId}`, dir);
    }
  }

  async open(runId: string, purpose = 'a session'): Promise<OpenedRun | undefined> {
    const dir = this.locate(runId);
    if (!(await exists(join(dir, JOURNAL)))) return undefined;
    const lease = await acquireLease(join(dir, LOCK), runId, purpose).catch(filesError(`cannot take the lease of run ${runId}`, dir));
    try {
      await dropTornTail(join(dir, JOURNAL));
      const run = await this.read(runId);
      if (!run) throw new RunFilesError(`run ${runId}: its journal disappeared from ${dir}`);
      return { run, journal: await JournalFile.open(dir, lease, 'a') };
    } catch (error) {
      await lease.release();
      throw filesErrorOf(error, `cannot open run ${runId}`, dir);
    }
  }

  async read(runId: string): Promise<StoredRun | undefined> {
    const dir = this.locate(runId);
    const journalPath = join(dir, JOURNAL);
    let text: string;
    try {
      text = await readFile(journalPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new RunFilesError(`${journalPath}: cannot read the journal (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    const records = parseJournal(text, journalPath);
    const first = records[0];
    if (first?.kind !== 'header') throw new RunFilesError(`${journalPath}: the first line is not a run header`);
    return { header: first.header, ir: await readJson(join(dir, 'ir.json')), machine: await readJson(join(dir, 'machine.json')), records };
  }

  private async ensureRoot(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
    } catch (error) {
      throw new RunFilesError(`cannot use ${this.root} as the runs folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
}

/** A run id that cannot name a folder. */
export class InvalidRunId extends Error {
  override readonly name = 'InvalidRunId';
  constructor(readonly runId: string) {
    super(`run id '${runId}' may only use letters, digits, '.', '_' and '-' (and not only dots)`);
  }
}

/** A failure of the file system (EACCES, ENOSPC, EROFS…) as a problem with the run's files, saying which; other errors as they are. */
function filesErrorOf(error: unknown, what: string, where: string): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && !(error instanceof RunFilesError) ? new RunFilesError(`${what} in ${where} (${code})`) : error;
}

function filesError(what: string, where: string): (error: unknown) => never {
  return (error) => {
    throw filesErrorOf(error, what, where);
  };
}

/**
 * The journal of a run this session holds: records are queued and written together
 * at each commit, then synced (fsync) when the commit is durable, so a durable commit
 * that returned is on disk with all before it; commits run one after another in the
 * order they were asked for.
 */
class JournalFile implements RunJournal {
  private queued: string[] = [];
  private snapshot: { value: unknown } | undefined;
  private tail: Promise<void> = Promise.resolve();
  /** Lines written since the last fsync. */
  private unsynced = false;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly handle: FileHandle,
    private readonly lease: Lease,
  ) {}

  static async open(dir: string, lease: Lease, flags: 'wx' | 'a'): Promise<JournalFile> {
    return new JournalFile(dir, await open(join(dir, JOURNAL), flags === 'wx' ? constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND : 'a'), lease);
  }

  append(record: JournalRecord): void {
    if (this.closed) throw new Error(`the journal in ${this.dir} is closed`);
    this.queued.push(`${JSON.stringify(record)}\n`);
  }

  writeSnapshot(snapshot: unknown): void {
    this.snapshot = { value: snapshot };
  }

  commit(durable = true): Promise<void> {
    const lines = this.queued.join('');
    this.queued = [];
    const snapshot = this.snapshot;
    this.snapshot = undefined;
    this.tail = this.tail.then(async () => {
      if (lines.length > 0) {
        await this.handle.appendFile(lines);
        this.unsynced = true;
      }
      // One fsync makes every line written before it durable: a step pays for one, at its finish.
      if (durable && this.unsynced) {
        await this.handle.datasync();
        this.unsynced = false;
      }
      if (snapshot) await writeAtomically(join(this.dir, 'snapshot.json'), JSON.stringify(snapshot.value));
    });
    return this.tail;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.commit();
    } finally {
      this.closed = true;
      await this.handle.close();
      await this.lease.release();
    }
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
      throw new RunFilesError(`${where}:${index + 1}: not a journal record: ${(error as Error).message}`);
    }
  });
  return records;
}

/** A line a killed writer cut short is cut off before anything is appended after it. */
async function dropTornTail(path: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  if (text.length === 0 || text.endsWith('\n')) return;
  await truncate(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RunFilesError(`${path}: ${code ? `cannot read it (${code})` : `not valid JSON (${(error as Error).message})`}`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw error;
  }
}

/** Temp file, fsync, rename: the file is either the old one or the whole new one, even after a crash. */
async function writeAtomically(path: string, content: string): Promise<void> {
  await rename(await writeDurableTemp(path, content), path);
}
