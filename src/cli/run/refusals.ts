import { AnswerRefused } from '../../../runtime/run/answers.js';
import { JournalTampered, RunFinished, RunNotFound, RunSetupError } from '../../../runtime/run/refusals.js';
import { InvalidRunId } from '../../../runtime/store/file-store.js';
import { RunExists, RunFilesError } from '../../../runtime/store/store.js';
import { RunBusy } from '../../../runtime/store/lease.js';
import { CliError, EXIT_USAGE } from '../errors.js';
import { coordCommand } from '../invocation.js';
import { EXIT_BUSY } from './session.js';

/**
 * The CliError for a run that cannot be written, read or started: held by another session
 * (exit 4); no such run, a bad or taken id, damaged files, nothing to resume, an answer for
 * another question, agents or providers that are not ready (exit 2). Undefined for any
 * other error, which the command reports its own way.
 */
export function refusalOf(error: unknown): CliError | undefined {
  if (error instanceof RunBusy) return new CliError(error.message, error.hint, EXIT_BUSY);
  if (error instanceof RunNotFound) return new CliError(error.message, `pass the run id '${coordCommand()} run' printed, and the same --runs-dir`, EXIT_USAGE);
  if (error instanceof InvalidRunId || error instanceof RunExists) return new CliError(error.message, 'pick another --run-id, or leave it out for a new one', EXIT_USAGE);
  if (error instanceof RunSetupError) return new CliError(error.message, 'nothing ran; fix the agent modules, providers or coordinator named above and run again', EXIT_USAGE);
  if (error instanceof RunFilesError) return new CliError(error.message, "the run's files were changed or damaged outside coord; restore them or start a new run", EXIT_USAGE);
  if (error instanceof JournalTampered) return new CliError(error.message, `the journal was changed after it was written; restore it, or start a new run ('${coordCommand()} replay ${error.runId}' lists every difference)`, EXIT_USAGE);
  if (error instanceof RunFinished) return new CliError(error.message, `start a new run with '${coordCommand()} run'`, EXIT_USAGE);
  if (error instanceof AnswerRefused) return new CliError(error.message, `run '${coordCommand()} resume <run-id>' without --input to see the question it waits on`, EXIT_USAGE);
  return undefined;
}
