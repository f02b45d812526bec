import type { EventBody, RunEvent } from '../events.js';

/** Events about the session rather than the workflow: never compared when replaying. */
const LIFECYCLE = new Set<RunEvent['type']>(['run.paused', 'run.resumed', 'run.finished']);

/** Fields that differ between two executions of the same steps (timings, numbering, the event format's version). */
const VOLATILE = new Set(['runId', 'seq', 't', 'at', 'wallMs', 'overheadMs', 'eventsVersion']);

export interface EventLogOptions {
  runId: string;
  /** Epoch milliseconds of the run's first start; `t` counts from it. */
  startedAt: number;
  /** Events already in the journal (resume and replay regenerate these and compare). */
  journaled: RunEvent[];
  /** Writes a new event to the journal; absent when replaying (nothing is written). */
  append?: (event: RunEvent) => void;
  simulated: boolean;
  /** Told whether each event is a replayed one (already in the journal) or new. */
  listener?: (event: RunEvent, meta: { replayed: boolean }) => void;
  /** Removes known secrets from an event before it is compared, journaled or published. */
  redact?: <T>(body: T) => T;
  /** Told of each regenerated event that differs from the journal's, as it is found. */
  onMismatch?: (mismatch: string) => void;
}

/**
 * Numbers, times, journals and publishes a run's events. When the run continues a
 * journal, the events its steps produce again are checked against the journaled
 * ones instead of being written twice; the differences are kept as `mismatches`.
 */
export class EventLog {
  readonly mismatches: string[] = [];
  /** Every event of this session, regenerated ones included. */
  readonly events: RunEvent[] = [];
  private readonly expected: RunEvent[];
  private cursor = 0;
  private nextSeq: number;
  /** The last event's time and its ISO text: events come many to a millisecond, and formatting a date is not free. */
  private stamp = { ms: Number.NaN, at: '' };

  constructor(private readonly options: EventLogOptions) {
    this.expected = options.journaled.filter((event) => !LIFECYCLE.has(event.type));
    this.nextSeq = options.journaled.reduce((max, event) => Math.max(max, event.seq + 1), 0);
  }

  /** How many journaled workflow events have not been produced again yet. */
  get pending(): number {
    return this.expected.length - this.cursor;
  }

  emit = (raw: EventBody): void => {
    const body = this.options.redact ? this.options.redact(raw) : raw;
    const fresh = (): RunEvent => {
      const now = Date.now();
      if (now !== this.stamp.ms) this.stamp = { ms: now, at: new Date(now).toISOString() };
      return {
        ...body,
        ...(this.options.simulated ? { simulated: true } : {}),
        runId: this.options.runId,
        seq: this.nextSeq++,
        t: Math.max(0, now - this.options.startedAt),
        at: this.stamp.at,
      } as RunEvent;
    };

    if (!LIFECYCLE.has(body.type) && this.cursor < this.expected.length) {
      const journaled = this.expected[this.cursor++]!;
      const produced = { ...body, ...(this.options.simulated ? { simulated: true } : {}) };
      if (canonical(produced) !== canonical(journaled)) {
        const mismatch = `event ${journaled.seq}: journal has ${canonical(journaled)}, replay produced ${canonical(produced)}`;
        this.mismatches.push(mismatch);
        this.options.onMismatch?.(mismatch);
      }
      const at = journaled.at === undefined ? {} : { at: journaled.at };
      this.publish({ ...produced, runId: this.options.runId, seq: journaled.seq, t: journaled.t, ...at } as RunEvent, true);
      return;
    }
    const event = fresh();
    this.options.append?.(event);
    this.publish(event, false);
  };

  private publish(event: RunEvent, replayed: boolean): void {
    this.events.push(event);
    this.options.listener?.(event, { replayed });
  }
}

/** JSON with sorted keys and without volatile fields, so equal events print equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (key, inner: unknown) => {
    if (VOLATILE.has(key)) return undefined;
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return inner;
  });
}
