import { checkWorkflow as checkFile, type WorkflowCheck } from '../../api/check-workflow.js';
import { ensureReadable } from '../files/read-source.js';

export { diagnosticKey, hasErrors, type WorkflowCheck } from '../../api/check-workflow.js';

/**
 * The front-end pipeline every command shares (lint, compile, graph, run). A missing or unreadable
 * root file is a CliError (exit 2), not a diagnostic, so it is opened here before the language loads it.
 */
export async function checkWorkflow(file: string, shown = file): Promise<WorkflowCheck> {
  await ensureReadable(file, shown);
  return checkFile(file);
}
