import type { Outcome } from './stop.js';

/**
 * Why a run was not started, resumed or replayed. Each is the user's to act on (the CLI
 * gives each its documented exit code); none is a bug in coord.
 */

/** The run cannot start: an agent module, a provider or the coordinator is not ready. Nothing ran. */
export class RunSetupError extends Error {
  override readonly name = 'RunSetupError';
}

/** No run with that id in the store. */
export class RunNotFound extends Error {
  override readonly name = 'RunNotFound';
  constructor(
    readonly runId: string,
    where: string,
  ) {
    super(`no run '${runId}' in ${where}`);
  }
}

/** The journal does not replay as it was recorded: it was changed after it was written, and is not resumed. */
export class JournalTampered extends Error {
  override readonly name = 'JournalTampered';
  constructor(
    readonly runId: string,
    readonly difference: string,
  ) {
    super(`run ${runId}: its journal does not replay as it was recorded, so it was not resumed (nothing was run or written): ${difference}`);
  }
}

/** The run ended (done, failed, budget exhausted): there is nothing to resume. */
export class RunFinished extends Error {
  override readonly name = 'RunFinished';
  constructor(
    readonly runId: string,
    readonly outcome: Outcome,
  ) {
    super(`run ${runId} already finished (${outcome}); there is nothing to resume`);
  }
}
