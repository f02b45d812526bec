import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { WorkflowCheck } from '../../api/check-workflow.js';
import { CliError } from '../errors.js';
import { PARSED_ONCE } from '../../ir/parse-once.js';
import type { SnapshotCheck } from './snapshot-check.js';

/**
 * Checks the workflow in a Node started from the start-up snapshot, whose parser is built, while
 * this process loads the rest of the command; this one then need not load the language at all.
 * Undefined when that process gave no answer this one can read (then the caller checks here, and
 * meets whatever went wrong itself); a CliError where the check refused the file.
 */
export async function checkInSnapshot(blob: string, file: string, shown: string): Promise<WorkflowCheck | undefined> {
  if (process.env.COORD_DEBUG) process.stderr.write(`coord: ${shown} is checked by a Node started from the snapshot ${blob}\n`);
  const answering = promisify(execFile)(process.execPath, ['--snapshot-blob', blob, 'check', file, shown], { encoding: 'utf8', maxBuffer: 256 << 20 });
  answering.catch(() => undefined);
  // zod and the IR's schema load while the other process checks.
  const { SnapshotCheck } = await import('./snapshot-check.js');
  let stdout: string;
  try {
    ({ stdout } = await answering);
  } catch {
    return undefined;
  }
  let answer: SnapshotCheck;
  try {
    answer = SnapshotCheck.parse(JSON.parse(stdout), PARSED_ONCE);
  } catch {
    return undefined;
  }
  if ('refused' in answer) throw new CliError(answer.refused.message, answer.refused.hint, answer.refused.exitCode);
  const { ir, ...rest } = answer.check;
  return ir ? { ...rest, ir } : rest;
}
