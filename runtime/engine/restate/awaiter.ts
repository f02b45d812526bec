import type { RestatePromise } from '@restatedev/restate-sdk';

/**
 * Awaits Restate promises one at a time. The SDK lets one await make progress at a time
 * (a second concurrent await is an error), while a coord run has steps in flight and
 * sections that journal: every await of the run goes through here, in order. Commands are
 * still issued when the run asks for them (their order is the journal's); only the waiting
 * is taken in turn.
 */
export class OneAwaitAtATime {
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    /** Aborted when this attempt of the invocation ends: nothing more will resolve, so every wait ends with an error. */
    private readonly attempt: AbortSignal,
  ) {}

  await<T>(promise: RestatePromise<T>): Promise<T> {
    const turn = this.last.then(() => promise);
    this.last = turn.then(
      () => undefined,
      () => undefined,
    );
    return untilAttemptEnds(turn, this.attempt);
  }
}

/** `promise`, unless the attempt ends first: then an error that unwinds the run (Restate continues it in a new attempt). */
export function untilAttemptEnds<T>(promise: Promise<T>, attempt: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const ended = () => reject(new AttemptEnded());
    if (attempt.aborted) return ended();
    attempt.addEventListener('abort', ended, { once: true });
    promise.then(
      (value) => {
        attempt.removeEventListener('abort', ended);
        resolve(value);
      },
      (error: unknown) => {
        attempt.removeEventListener('abort', ended);
        reject(error);
      },
    );
  });
}

/** This attempt of the run ended (suspended, or its worker lost): Restate continues the run in a new one. */
export class AttemptEnded extends Error {
  override readonly name = 'AttemptEnded';
  constructor() {
    super('this attempt of the run ended (suspended, or its worker was lost); Restate continues the run');
  }
}
