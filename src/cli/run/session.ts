import type { RunEvent } from '../../../runtime/events.js';
import type { RunResult } from '../../../runtime/run/run.js';
import { EXIT_FAILURE, EXIT_OK } from '../errors.js';

/** Exit codes of run, resume and replay, beyond the shared 0/1/2. */
export const EXIT_WAITING = 3;
/** Another session writes the run (its lease is held): try again once it ends. */
export const EXIT_BUSY = 4;
export const EXIT_CANCELLED = 130;

export function exitCodeFor(outcome: RunResult['outcome']): number {
  switch (outcome) {
    case 'done':
      return EXIT_OK;
    case 'waiting_for_input':
      return EXIT_WAITING;
    case 'cancelled':
      return EXIT_CANCELLED;
    default:
      return EXIT_FAILURE;
  }
}

/**
 * `--json`: every event as one NDJSON line. Events a resumed run regenerates from its
 * journal are not printed again, unless `replayed` asks (replay prints them all).
 */
export function ndjsonPrinter(replayed = false, out: NodeJS.WritableStream = process.stdout): (event: RunEvent, meta: { replayed: boolean }) => void {
  return (event, meta) => {
    if (replayed || !meta.replayed) out.write(`${JSON.stringify(event)}\n`);
  };
}

/**
 * Ctrl-C and SIGTERM stop the run gracefully through the returned signal: calls in
 * flight are aborted, the state is saved, the summary is printed. A second signal
 * exits at once. `stop` does the same for the dashboard's `q` (and Ctrl-C, which a
 * terminal in raw mode delivers as a key); `announce` false keeps the notice off a
 * screen the dashboard is drawing.
 */
export function stopOnSignals(announce = true): { signal: AbortSignal; stop: () => void; dispose: () => void } {
  const controller = new AbortController();
  const stop = (name?: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT_CANCELLED);
    if (announce) process.stderr.write(`\ncoord: ${name ?? 'stop'} received, stopping the run (again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    signal: controller.signal,
    stop: () => stop(),
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
