import { readFile } from 'node:fs/promises';

/**
 * How many function agents a workflow's text seems to declare: the distinct paths its agents'
 * `function "…"` settings name (a tool's `function` is not an agent's). A guess made before the
 * workflow is checked, so that `coord run` can start that many threads meanwhile
 * (startSpareThreads); the check's IR alone says which agents run. A guess that is wrong costs
 * time only: a thread too many is ended unused, one too few is started once the IR is known.
 * Agents declared in imported files are not counted.
 */
export function functionAgentsGuess(text: string): number {
  const paths = new Set<string>();
  for (const [, path] of text.matchAll(FUNCTION_SETTING)) paths.add(path!);
  return Math.min(paths.size, MAX_SPARE_THREADS);
}

/** `function "path"`, not after `tool name` on its line, nor in a line comment. */
const FUNCTION_SETTING = /^(?:[^"\n/]|\/(?!\/))*?(?<!\btool\s+\w+\s+)\bfunction\s+"([^"\n]*)"/gm;

/** Past a few, more threads started at once only compete for the cores the check needs. */
const MAX_SPARE_THREADS = 8;

/**
 * Starts the spare threads a run of `file` seems to need (functionAgentsGuess), while its
 * workflow is checked. An unreadable file starts none; the check reports it.
 */
export async function startSpareThreadsFor(file: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const count = functionAgentsGuess(text);
  if (count === 0) return;
  const { startSpareThreads } = await import('../../../runtime/agents/function-pool.js');
  startSpareThreads(count);
}
