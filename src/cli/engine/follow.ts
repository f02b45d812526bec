import type { RestateRuns } from '../../../runtime/engine/restate/client.js';
import type { OpenQuestion } from '../../../runtime/engine/restate/state.js';
import type { RunEvent } from '../../../runtime/events.js';

export interface Followed {
  /** Every event of the run so far, in order. */
  events: RunEvent[];
  /** How the run ended, when it did. */
  outcome?: Extract<RunEvent, { type: 'run.finished' }>['outcome'];
  /** Questions the run waits on, when it stopped following because a person must answer. */
  questions: OpenQuestion[];
}

/**
 * Follows a run on a Restate server through its log: each new event goes to `onEvent` as it
 * appears, until the run ends, or (with `untilQuestion`) until it waits on a person.
 */
export async function followRun(
  runs: RestateRuns,
  runId: string,
  onEvent: (event: RunEvent) => void,
  options: { untilQuestion: boolean; signal?: AbortSignal; intervalMs?: number },
): Promise<Followed> {
  const events: RunEvent[] = [];
  for (;;) {
    const log = await runs.log(runId).catch((error: unknown) => {
      // The run was submitted but has not written its start yet.
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    });
    const logged = (log?.records ?? []).flatMap((record) => (record.kind === 'event' ? [record.event] : []));
    for (const event of logged.slice(events.length)) {
      events.push(event);
      onEvent(event);
    }
    const finished = events.findLast((event) => event.type === 'run.finished');
    if (finished?.type === 'run.finished') return { events, outcome: finished.outcome, questions: [] };
    if (options.untilQuestion && events.at(-1)?.type === 'human.waiting') {
      const { questions } = await runs.status(runId);
      if (questions.length > 0) return { events, questions };
    }
    if (options.signal?.aborted) return { events, questions: [] };
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
