/** How a run ends when it does not reach `done`. */
export type StopOutcome = 'failed' | 'budget_exhausted' | 'cancelled' | 'waiting_for_input';

/** How a run ends. */
export type Outcome = 'done' | StopOutcome;

/**
 * Thrown inside a step to end the run with an outcome and a reason a person can act on.
 * The run actor turns it into the `failed` state and `run.finished` carries the reason.
 */
export class RunStop extends Error {
  constructor(
    readonly outcome: StopOutcome,
    message: string,
    /** For `waiting_for_input`: the id of the question the run waits on (see answers.ts). */
    readonly question?: string,
  ) {
    super(message);
    this.name = 'RunStop';
  }
}

export function isRunStop(error: unknown): error is RunStop {
  return error instanceof RunStop;
}
