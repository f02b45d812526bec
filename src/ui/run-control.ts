import type { RunEvent } from '../../runtime/events.js';

/** What the dashboard may ask of a run: nothing more, so the UI never reaches into the runtime. */
export interface RunControl {
  /** Stop gracefully: finish or abort the turn in flight, save state, report `cancelled`. */
  stop(): void;
  /** Hold the run between turns; `resume` lets it go on. */
  pause(): void;
  resume(): void;
  /** Answer a human step that is waiting (approval: boolean; choice: option; text: string). */
  answer(node: string, value: unknown): void;
}

/** A stream of run events the UI subscribes to; returns the unsubscribe function. */
export type EventFeed = (listener: (event: RunEvent) => void) => () => void;
