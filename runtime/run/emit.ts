import type { RunEvent } from '../events.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as a step produces it; the emitter adds the run id, sequence number and time. */
export type EventBody = DistributiveOmit<RunEvent, 'runId' | 'seq' | 't'>;

export type Emit = (event: EventBody) => void;
