import type { HumanIO, HumanQuestion } from '../run/human-io.js';
import { TIMED_OUT, type StepEngine } from './engine.js';

/** The longest delay one Node timer takes (about 24.8 days); longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The local file engine: calls are made in this process, a person is asked through the
 * run's HumanIO with a timer for the deadline, and the run's journal (the run store) is
 * what a resumed session continues from.
 */
export const localEngine: StepEngine = {
  call: (_run, _stepId, call) => call(),
  answer: (_run, question, human, signal, deadline) => (deadline === undefined ? human.ask(question, signal) : askBefore(human, question, signal, deadline)),
  now: async () => Date.now(),
};

/** Asks, but gives up at `deadline`: at once when it has passed, and the question is then not asked at all. */
async function askBefore(human: HumanIO, question: HumanQuestion, signal: AbortSignal, deadline: string): Promise<unknown> {
  const at = Date.parse(deadline);
  if (Date.now() >= at) return TIMED_OUT;
  const expired = new AbortController();
  const cancelTimer = timerUntil(at, () => expired.abort());
  signal.addEventListener('abort', cancelTimer, { once: true });
  try {
    const asked = human.ask(question, AbortSignal.any([signal, expired.signal])).then(
      (answer) => ({ answer }),
      (error: unknown) => ({ error }),
    );
    const timedOut = new Promise<{ answer: typeof TIMED_OUT }>((resolve) =>
      expired.signal.addEventListener('abort', () => resolve({ answer: TIMED_OUT }), { once: true }),
    );
    const outcome = await Promise.race([asked, timedOut]);
    // Whatever the person's side returned once its question was withdrawn (nothing, an abort error), the deadline decided.
    if (expired.signal.aborted) return TIMED_OUT;
    if ('error' in outcome) throw outcome.error;
    return outcome.answer;
  } finally {
    cancelTimer();
    signal.removeEventListener('abort', cancelTimer);
  }
}

/** Calls `fire` at the absolute time `at` (ms since the epoch); returns the function that cancels it. */
function timerUntil(at: number, fire: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = at - Date.now();
    timer = left <= 0 ? setTimeout(fire, 0) : setTimeout(left > MAX_TIMER_MS ? arm : fire, Math.min(left, MAX_TIMER_MS));
  };
  arm();
  return () => clearTimeout(timer);
}
