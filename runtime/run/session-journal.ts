import type { Redactor } from '../secrets.js';
import type { RunJournal } from '../store/store.js';

/** A journal that never receives a known secret: every record and snapshot is redacted on its way in. */
export function redactingJournal(journal: RunJournal, redactor: Redactor): RunJournal {
  return {
    append: (record) => journal.append(redactor.value(record)),
    writeSnapshot: (snapshot) => journal.writeSnapshot(redactor.value(snapshot)),
    commit: (durable) => journal.commit(durable),
    close: () => journal.close(),
  };
}

/**
 * A resumed session's journal: it writes nothing until the session has replayed the
 * journal it continues and found it as recorded (`open`). A session that never gets
 * there (a tampered journal, Ctrl-C while replaying) leaves the journal as it was.
 */
export class HeldJournal implements RunJournal {
  private held: Array<() => void> = [];
  private opened = false;

  constructor(private readonly journal: RunJournal) {}

  get isOpen(): boolean {
    return this.opened;
  }

  /** Writes what was held, and everything from now on. */
  open(): void {
    this.opened = true;
    for (const write of this.held.splice(0)) write();
  }

  append: RunJournal['append'] = (record) => this.hold(() => this.journal.append(record));
  writeSnapshot: RunJournal['writeSnapshot'] = (snapshot) => this.hold(() => this.journal.writeSnapshot(snapshot));

  commit(durable?: boolean): Promise<void> {
    return this.opened ? this.journal.commit(durable) : Promise.resolve();
  }

  /** Commits what was opened, drops what was held, and gives the lease back. */
  close(): Promise<void> {
    this.held = [];
    return this.journal.close();
  }

  private hold(write: () => void): void {
    if (this.opened) write();
    else this.held.push(write);
  }
}
