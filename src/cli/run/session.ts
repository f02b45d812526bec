import type { RunEvent } from '../../../runtime/events.js';
import type { RunResult } from '../../../runtime/run/run.js';
import { EXIT_FAILURE, EXIT_OK } from '../errors.js';
import { progressLine } from './progress.js';
import { summaryText } from './summary.js';

/** Exit codes of run, resume and replay, beyond the shared 0/1/2. */
export const EXIT_WAITING = 3;
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
 * `--json`: every event as one NDJSON line on stdout; otherwise progress lines. Events a
 * resumed run regenerates from its journal are not printed again, unless `replayed` asks.
 */
export function eventPrinter(json: boolean, replayed = false, out: NodeJS.WritableStream = process.stdout): (event: RunEvent, meta: { replayed: boolean }) => void {
  let restored = 0;
  if (json) return (event, meta) => (replayed || !meta.replayed) && out.write(`${JSON.stringify(event)}\n`);
  return (event, meta) => {
    if (meta.replayed && !replayed) {
      if (event.type === 'turn.finished' || event.type === 'human.answered') restored++;
      return;
    }
    if (restored > 0) {
      out.write(`(${restored} finished steps restored from the journal, not run again)\n`);
      restored = 0;
    }
    const line = progressLine(event);
    if (line !== undefined) out.write(`${line}\n`);
  };
}

/** What to print after the run: the summary (not with --json), and how to continue a run that can go on. */
export function printEnding(result: RunResult, json: boolean, runDir: string): void {
  if (json) return;
  const last = result.events.findLast((event) => event.type === 'turn.finished');
  if (result.outcome === 'done' && last?.type === 'turn.finished') {
    process.stdout.write(`\noutput of ${last.agent}:\n${JSON.stringify(last.output, null, 2)}\n`);
  }
  process.stdout.write(`\n${summaryText(result)}run log: ${runDir}\n`);
  if (result.outcome === 'waiting_for_input') {
    process.stdout.write(`continue with: coord resume ${result.runId} --input '<answer>'\n`);
  } else if (result.outcome === 'cancelled') {
    process.stdout.write(`continue with: coord resume ${result.runId}\n`);
  }
}

/**
 * Ctrl-C and SIGTERM stop the run gracefully through the returned signal: calls in
 * flight are aborted, the state is saved, the summary is printed. A second signal
 * exits at once.
 */
export function stopOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT_CANCELLED);
    process.stderr.write(`\ncoord: ${name} received, stopping the run (again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
