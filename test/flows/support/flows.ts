import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { compileMachine } from '../../../src/compile/machine.js';
import { loadWorkflow } from '../../../src/language/index.js';
import { RunEvent } from '../../../runtime/events.js';
import { JournalRecord } from '../../../runtime/store/journal.js';

/** Absolute path of a file under test/flows/fixtures/. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** A fixture workflow as the real front end and compiler build it (no errors allowed). */
export async function compiledFixture(name: string) {
  const { ir, diagnostics } = await loadWorkflow(fixture(name));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { ir: ir!, machine: compileMachine(ir!) };
}

export function tempDir(prefix = 'coord-flows-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** What a fixture agent appended to its JSONL log. */
export interface Stamp {
  agent: string;
  turn: number;
  index?: number;
  phase: 'start' | 'end' | 'aborted';
  active?: number;
  t: number;
}

export function readStamps(path: string): Stamp[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Stamp);
}

export function readLines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
}

export function journal(runs: string, id: string): JournalRecord[] {
  return readFileSync(join(runs, id, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JournalRecord.parse(JSON.parse(line)));
}

export function journaledEvents(records: JournalRecord[]): RunEvent[] {
  return records.flatMap((r) => (r.kind === 'event' ? [r.event] : []));
}

export function finishedSteps(records: JournalRecord[]): string[] {
  return records.flatMap((r) => (r.kind === 'step' && r.phase === 'finish' ? [r.id] : []));
}

/** Polls a file (a journal, an agent's log) until its lines satisfy `ready`, or the process ends first. */
export async function waitForLines(path: string, ready: (lines: string[]) => boolean, done: Promise<unknown>): Promise<void> {
  let exited = false;
  void done.then(() => (exited = true));
  for (;;) {
    const lines = readLines(path);
    if (ready(lines)) return;
    if (exited) throw new Error(`the run ended before its journal was ready:\n${lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
