import { Fifo, type FifoEntry } from '../fifo.js';

/** One phase of one step: `start` fixes its inputs, `finish` applies its result. */
export interface SectionKey {
  id: string;
  phase: 'start' | 'finish';
}

interface Waiter {
  key: string;
  grant: () => void;
  refuse: (error: Error) => void;
}

/** Idle rounds without progress before a replay is declared diverged (event-loop turns, not time). */
const STALL_ROUNDS = 3;

/**
 * Runs the sections of steps one at a time. Every change to run state (ledger,
 * channels, events, journal) happens inside a section, and the work between them
 * (agent calls) holds no state, so the order of sections is the whole story of a
 * run. What a section journaled is written before the next one starts; a durable section's
 * records (and all before them) are forced to disk first too. A step's finish is durable, its
 * start only when it must be (step.ts). Live, sections run in the order they ask; when replaying or resuming, they
 * run in the order the journal recorded, so concurrent branches replay exactly.
 *
 * Each hand-over waits one event-loop turn, so everything a finished section set in
 * motion (the machine's transition, the next steps asking for their sections, the
 * stopping of cancelled branches) has happened before the next section starts.
 */
export class StepSequencer {
  private readonly expected: string[];
  private cursor = 0;
  private busy = false;
  private scheduled = false;
  private idleRounds = 0;
  private readonly waiters = new Fifo<Waiter>();
  /** While replaying, the waiters by section key: the journal names the one to grant next. */
  private readonly waitingFor = new Map<string, Array<FifoEntry<Waiter>>>();
  private closedWith?: Error;
  private currentReplayed = false;
  private readonly exhaustedListeners: Array<() => void> = [];

  constructor(
    journaled: SectionKey[],
    private readonly onStall: (expected: SectionKey, waiting: SectionKey[]) => void,
    /** Writes what a section journaled, on disk when `durable`; the next section starts only once it has. */
    private readonly commit: (durable: boolean) => Promise<void> = async () => {},
  ) {
    this.expected = journaled.map(keyOf);
  }

  /** True while sections are still being matched against the journal. */
  get replaying(): boolean {
    return this.cursor < this.expected.length;
  }

  /** Inside a section: whether it is one the journal already holds (so it must not be written again). */
  get sectionReplayed(): boolean {
    return this.currentReplayed;
  }

  /** Runs a section; what it journaled is written before the next section starts, and forced to disk when `durable`. */
  async run<T>(key: SectionKey, body: () => Promise<T> | T, durable = true): Promise<T> {
    await this.enter(keyOf(key));
    try {
      try {
        return await body();
      } finally {
        await this.commit(durable);
      }
    } finally {
      this.busy = false;
      if (this.cursor === this.expected.length) this.notifyExhausted();
      this.schedule();
    }
  }

  /** No section running, asked for, or about to be handed over. */
  get idle(): boolean {
    return !this.busy && !this.scheduled && this.waiters.size === 0;
  }

  /** Resolves once every journaled section has been replayed (at once for a new run). */
  whenExhausted(): Promise<void> {
    if (!this.replaying) return Promise.resolve();
    return new Promise((resolve) => this.exhaustedListeners.push(resolve));
  }

  /** Refuses every waiting and future section: the run is over. */
  close(reason: Error): void {
    this.closedWith = reason;
    this.waitingFor.clear();
    for (const waiter of this.waiters.drain()) waiter.refuse(reason);
  }

  private enter(key: string): Promise<void> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise((grant, refuse) => {
      const entry = this.waiters.push({ key, grant, refuse });
      if (this.replaying) {
        const same = this.waitingFor.get(key);
        if (same) same.push(entry);
        else this.waitingFor.set(key, [entry]);
      }
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.grantNext();
    });
  }

  private grantNext(): void {
    if (this.busy || this.closedWith) return;
    const entry = this.replaying ? this.takeExpected() : this.waiters.shift();
    if (!entry) {
      this.watchForStall();
      return;
    }
    this.idleRounds = 0;
    this.currentReplayed = this.replaying;
    if (this.replaying && ++this.cursor === this.expected.length) this.waitingFor.clear();
    this.busy = true;
    entry.grant();
  }

  /** The waiter for the section the journal holds next, taken out of the queue. */
  private takeExpected(): Waiter | undefined {
    const key = this.expected[this.cursor]!;
    const same = this.waitingFor.get(key);
    const entry = same?.shift();
    if (!entry) return undefined;
    if (same!.length === 0) this.waitingFor.delete(key);
    this.waiters.delete(entry);
    return entry.value;
  }

  /** While replaying, nothing outside sections waits on the world, so no progress means divergence. */
  private watchForStall(): void {
    if (!this.replaying) return;
    if (++this.idleRounds < STALL_ROUNDS) {
      this.schedule();
      return;
    }
    this.onStall(parseKey(this.expected[this.cursor]!), [...this.waiters.values()].map((w) => parseKey(w.key)));
  }

  private notifyExhausted(): void {
    for (const listener of this.exhaustedListeners.splice(0)) listener();
  }
}

function keyOf(key: SectionKey): string {
  return `${key.phase} ${key.id}`;
}

function parseKey(key: string): SectionKey {
  const space = key.indexOf(' ');
  return { phase: key.slice(0, space) as SectionKey['phase'], id: key.slice(space + 1) };
}
