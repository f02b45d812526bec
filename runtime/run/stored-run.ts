import { MachineConfig } from '../../src/ir/machine.js';
import { WorkflowIR } from '../../src/ir/schema.js';
import { PARSED_ONCE } from '../../src/ir/parse-once.js';
import type { JournalRecord, RunHeader } from '../store/journal.js';
import { RunFilesError, type RunStore, type StoredRun } from '../store/store.js';
import { irHash } from './ir-hash.js';
import { RunNotFound } from './refusals.js';
import type { Outcome } from './stop.js';

/** A stored run whose files were checked: its IR against the hash its journal recorded, its machine against the contract. */
export interface CheckedRun {
  header: RunHeader;
  ir: WorkflowIR;
  machine: MachineConfig;
  records: JournalRecord[];
}

export async function readRun(store: RunStore, runId: string): Promise<CheckedRun> {
  const stored = await store.read(runId);
  if (!stored) throw new RunNotFound(runId, store.locate(runId));
  return checkedRun(stored, runId);
}

/** The run's IR, checked against the hash its journal recorded, and its machine config against its schema. */
export function checkedRun(stored: StoredRun, runId: string): CheckedRun {
  const parsed = WorkflowIR.safeParse(stored.ir, PARSED_ONCE);
  if (!parsed.success) throw new RunFilesError(`run ${runId}: ir.json is not a workflow IR (${describeIssue(parsed.error)})`);
  const ir = parsed.data;
  if (irHash(ir) !== stored.header.irHash) {
    throw new RunFilesError(`run ${runId}: ir.json does not match the hash in its journal; the run's files were changed after it started`);
  }
  const machine = MachineConfig.safeParse(stored.machine, PARSED_ONCE);
  if (!machine.success) throw new RunFilesError(`run ${runId}: machine.json is not a machine config (${describeIssue(machine.error)})`);
  return { header: stored.header, ir, machine: machine.data, records: stored.records };
}

/** A machine config from outside the runtime, held to the compiler's contract. */
export function machineConfig(value: unknown, what: string): MachineConfig {
  const parsed = MachineConfig.safeParse(value, PARSED_ONCE);
  if (!parsed.success) throw new TypeError(`${what} does not match the schema in src/ir/machine.ts: ${describeIssue(parsed.error)}`);
  return parsed.data;
}

function describeIssue(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  return `${issue?.path.map(String).join('.') || 'the config'}: ${issue?.message}`;
}

/** The outcome of the journal's last session, unless a later session resumed it. */
export function lastOutcome(records: JournalRecord[]): Outcome | undefined {
  let outcome: Outcome | undefined;
  for (const record of records) {
    if (record.kind !== 'event') continue;
    if (record.event.type === 'run.finished') outcome = record.event.outcome;
    if (record.event.type === 'run.resumed') outcome = undefined;
  }
  return outcome;
}

