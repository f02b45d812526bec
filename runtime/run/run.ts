import { randomBytes } from 'node:crypto';
import { createActor } from 'xstate';
import { WorkflowIR } from '../../src/ir/schema.js';
import type { AgentRunner } from '../agents/agent.js';
import { defaultLlmFactory, resolveAgents, type AgentSetup } from '../agents/resolve.js';
import { replayRewriters, resolveRewriters } from '../channels/rewriters.js';
import { ChannelRouter } from '../channels/router.js';
import type { MessageCoordinator } from '../coordinator/types.js';
import type { RunEvent } from '../events.js';
import type { Outputs } from '../guards/evaluate.js';
import { budgetKey, declaredLimits, ledgerFor } from '../ledger/budgets.js';
import type { Pool } from '../ledger/ledger.js';
import { ReservationQueue } from '../ledger/queue.js';
import type { JournalRecord, RunHeader, StepResult } from '../store/journal.js';
import type { RunJournal, RunStore } from '../store/store.js';
import type { RunContext, RunMode } from './context.js';
import { EventLog } from './event-log.js';
import { answersHumanIO, noHumanIO, simulatedHumanIO, type HumanIO } from './human-io.js';
import { irHash } from './ir-hash.js';
import type { PauseGate } from './pause.js';
import { machineFor, type MachineContext } from './machine.js';
import { StepSequencer, type SectionKey } from './sequencer.js';
import { RunStop, type StopOutcome } from './stop.js';

export type Outcome = 'done' | StopOutcome;

export interface RunResult {
  runId: string;
  outcome: Outcome;
  reason?: string;
  /** Tokens charged to the run. */
  tokens: number;
  cost?: number;
  wallMs: number;
  outputs: Outputs;
  budgets: Pool[];
  /** Every event of this session (for resume and replay, the regenerated ones too). */
  events: RunEvent[];
  /** Where regenerated events differed from the journal (resume and replay). */
  mismatches: string[];
}

interface SessionOptions extends Omit<AgentSetup, 'simulateSeed'> {
  /** Where to find the coordinator for latent and hybrid channels; created on demand when absent. */
  coordinator?: MessageCoordinator;
  human?: HumanIO;
  /** Aborting it stops the run gracefully: steps in flight are cancelled, state is saved. */
  signal?: AbortSignal;
  /** Pauses the run between agent turns (the dashboard's `p`). */
  pause?: PauseGate;
  /** Every event as it happens; `replayed` marks those regenerated from the journal. */
  onEvent?: (event: RunEvent, meta: { replayed: boolean }) => void;
  /** Cosine at or above which squeezing channels leave out segments their receiver already holds (default 0.92). */
  redundancyThreshold?: number;
}

export interface StartOptions extends SessionOptions {
  ir: WorkflowIR;
  /** The compiled machine config (docs/machine.md). */
  machine: unknown;
  store: RunStore;
  runId?: string;
  input?: unknown;
  simulateSeed?: number;
}

export interface ResumeOptions extends SessionOptions {
  runId: string;
  store: RunStore;
  /** Answers for human steps, by node id (merged in front of `human`). */
  answers?: Record<string, unknown>;
}

export interface ReplayOptions {
  runId: string;
  store: RunStore;
  coordinator?: MessageCoordinator;
  onEvent?: (event: RunEvent, meta: { replayed: boolean }) => void;
}

export interface ReplayResult extends RunResult {
  /** The outcome the journal recorded last, when it recorded one. */
  journaledOutcome?: Outcome;
  /** True when replay produced every journaled event, identically, and reached the same outcome. */
  matches: boolean;
}

/** Starts a new run and drives it to its end (done, failed, waiting for input, cancelled). */
export async function startRun(options: StartOptions): Promise<RunResult> {
  const ir = WorkflowIR.parse(options.ir);
  const runId = options.runId ?? newRunId(ir.name);
  const header: RunHeader = {
    runId,
    workflow: ir.name,
    irHash: irHash(ir),
    createdAt: new Date().toISOString(),
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.simulateSeed !== undefined ? { simulateSeed: options.simulateSeed } : {}),
  };
  const prepared = await prepare(ir, header, 'live', options);
  const journal = options.store.create(header, ir, options.machine);
  return execute({ ...prepared, journal, machine: options.machine, records: [] });
}

/** Continues a run that was interrupted, cancelled or is waiting for input, from its journal. */
export async function resumeRun(options: ResumeOptions): Promise<RunResult> {
  const stored = readRun(options.store, options.runId);
  const finished = lastOutcome(stored.records);
  if (finished && finished !== 'waiting_for_input' && finished !== 'cancelled') {
    throw new Error(`run ${options.runId} already finished (${finished}); there is nothing to resume`);
  }
  const human = options.answers ? answersHumanIO(options.answers, options.human) : options.human;
  const prepared = await prepare(stored.ir, stored.header, 'resume', { ...options, human });
  return execute({ ...prepared, journal: options.store.reopen(options.runId), machine: stored.machine, records: stored.records });
}

/** Re-runs a journal with no agent calls and checks that it produces the same events. */
export async function replayRun(options: ReplayOptions): Promise<ReplayResult> {
  const stored = readRun(options.store, options.runId);
  const prepared = await prepare(stored.ir, stored.header, 'replay', { ...options, human: noHumanIO });
  const result = await execute({ ...prepared, machine: stored.machine, records: stored.records });
  const journaledOutcome = lastOutcome(stored.records);
  const endedWithJournal = result.outcome === 'cancelled' && result.reason === JOURNAL_END;
  const sameOutcome = journaledOutcome === undefined || endedWithJournal ? true : journaledOutcome === result.outcome;
  return { ...result, journaledOutcome, matches: result.mismatches.length === 0 && sameOutcome };
}

const JOURNAL_END = 'the journal ends here';

interface Prepared {
  ir: WorkflowIR;
  header: RunHeader;
  mode: RunMode;
  resolved: Awaited<ReturnType<typeof resolveAgents>>;
  /** Runners of channels that rewrite through an LLM; none for simulated runs, which never call a model. */
  rewriters: Map<string, AgentRunner>;
  redundancyThreshold?: number;
  coordinator?: MessageCoordinator;
  ownsCoordinator: boolean;
  human: HumanIO;
  signal?: AbortSignal;
  pause?: PauseGate;
  onEvent?: (event: RunEvent, meta: { replayed: boolean }) => void;
  outputs: { current: () => Outputs };
}

interface Session extends Prepared {
  machine: unknown;
  journal?: RunJournal;
  records: JournalRecord[];
}

/** Everything that can fail before an agent runs: agent modules, providers, the coordinator. */
async function prepare(ir: WorkflowIR, header: RunHeader, mode: RunMode, options: SessionOptions): Promise<Prepared> {
  const outputs = { current: (): Outputs => ({}) };
  const replayOnly = () => {
    throw new Error('replay never calls an agent');
  };
  const resolved =
    mode === 'replay'
      ? { runnerFor: replayOnly, countsLocally: (agent: WorkflowIR['agents'][number]) => header.simulateSeed !== undefined || agent.kind === 'function' }
      : await resolveAgents(ir, { ...options, simulateSeed: header.simulateSeed }, () => outputs.current());
  const rewritesThroughModels = ir.channels.some((channel) => channel.compress.method === 'squeeze' && channel.compress.via !== undefined);
  const rewriters =
    mode === 'replay'
      ? replayRewriters(ir)
      : header.simulateSeed !== undefined || !rewritesThroughModels
        ? new Map<string, AgentRunner>()
        : resolveRewriters(ir, options.llm ?? (await defaultLlmFactory()));
  const needsCoordinator = ir.channels.some((channel) => channel.mode !== 'text');
  let coordinator = options.coordinator;
  let ownsCoordinator = false;
  if (needsCoordinator && !coordinator) {
    const { createCoordinator } = await import('../coordinator/index.js');
    try {
      coordinator = await createCoordinator({ config: ir.coordinator, runId: header.runId, signal: options.signal });
    } catch (error) {
      throw new Error(`the workflow has latent or hybrid channels and its coordinator cannot be loaded: ${(error as Error).message}`);
    }
    ownsCoordinator = true;
  }
  const human = options.human ?? (header.simulateSeed !== undefined ? simulatedHumanIO(header.simulateSeed) : noHumanIO);
  return {
    ir,
    header,
    mode,
    resolved,
    rewriters,
    ...(options.redundancyThreshold !== undefined ? { redundancyThreshold: options.redundancyThreshold } : {}),
    coordinator,
    ownsCoordinator,
    human,
    signal: options.signal,
    ...(options.pause ? { pause: options.pause } : {}),
    onEvent: options.onEvent,
    outputs,
  };
}

async function execute(session: Session): Promise<RunResult> {
  const { ir, header, mode, journal } = session;
  const sessionStart = Date.now();
  const journaledEvents = session.records.flatMap((r) => (r.kind === 'event' ? [r.event] : []));
  const journaledResults = new Map<string, StepResult>();
  const journaledInputs = new Map<string, Record<string, unknown>>();
  const sections: SectionKey[] = [];
  for (const record of session.records) {
    if (record.kind !== 'step') continue;
    sections.push({ id: record.id, phase: record.phase });
    if (record.phase === 'finish' && record.result) journaledResults.set(record.id, record.result);
    if (record.phase === 'start' && record.inputs) journaledInputs.set(record.id, record.inputs);
  }

  const controller = new AbortController();
  let stopped: RunStop | undefined;
  const stop = (reason: RunStop) => {
    stopped ??= reason;
    // A run that will go on later (resume) ends its steps as interrupted, not as abandoned by the flow.
    if (reason.outcome === 'cancelled' || reason.outcome === 'waiting_for_input') controller.abort();
  };
  const cancel = () => stop(new RunStop('cancelled', 'the run was cancelled'));
  if (session.signal?.aborted) cancel();
  session.signal?.addEventListener('abort', cancel, { once: true });

  const log = new EventLog({
    runId: header.runId,
    startedAt: Date.parse(header.createdAt),
    journaled: journaledEvents,
    append: journal ? (event) => journal.append({ kind: 'event', event }) : undefined,
    simulated: header.simulateSeed !== undefined,
    listener: session.onEvent,
  });
  const sequencer = new StepSequencer(sections, (expected, waiting) => {
    stop(
      new RunStop(
        'failed',
        `the run diverged from its journal: the journal's next step is ${expected.phase} of ${expected.id}, ` +
          `but the run ${waiting.length > 0 ? `asked for ${waiting.map((w) => `${w.phase} of ${w.id}`).join(', ')}` : 'asked for nothing'}`,
      ),
    );
    controller.abort();
    sequencer.close(stopped!);
  });

  const ledger = ledgerFor(ir);
  const router = new ChannelRouter({
    ir,
    ledger,
    emit: log.emit,
    coordinator: session.coordinator,
    rewriters: session.rewriters,
    ...(session.redundancyThreshold !== undefined ? { redundancyThreshold: session.redundancyThreshold } : {}),
  });
  const ctx: RunContext = {
    runId: header.runId,
    ir,
    mode,
    input: header.input,
    ledger,
    reservations: new ReservationQueue(ledger),
    router,
    emit: log.emit,
    sequencer,
    journal,
    journaled: journaledResults,
    journaledInputs,
    runnerFor: session.resolved.runnerFor,
    countsLocally: session.resolved.countsLocally,
    human: session.human,
    signal: controller.signal,
    outputs: () => session.outputs.current(),
    turns: new Map(),
    visits: new Map(),
    stop,
    calls: new Set(),
    costs: { total: 0 },
    ...(session.pause ? { pause: session.pause } : {}),
  };

  if (mode === 'resume') log.emit({ type: 'run.resumed' });
  log.emit({
    type: 'run.started',
    workflow: ir.name,
    irHash: header.irHash,
    budgets: declaredLimits(ir),
    agents: ir.agents.map((agent) => agent.name),
    channels: ir.channels.map(({ id, from, to, mode: channelMode }) => ({ id, from, to, mode: channelMode })),
  });

  // Pausing concerns this session, not the workflow: EventLog never compares these events on replay.
  const stopAnnouncingPauses = session.pause?.onChange((paused) => log.emit({ type: paused ? 'run.paused' : 'run.resumed' }));

  const actor = createActor(machineFor(ctx, session.machine));
  session.outputs.current = () => (actor.getSnapshot().context as MachineContext).outputs;
  const saveSnapshot = () =>
    journal?.writeSnapshot({
      runId: header.runId,
      status: actor.getSnapshot().status,
      value: actor.getSnapshot().value,
      context: actor.getSnapshot().context,
      ledger: ledger.snapshot(),
      machine: actor.getPersistedSnapshot(),
    });
  const ended = new Promise<void>((resolve) => {
    actor.subscribe({
      next: (snapshot) => {
        saveSnapshot();
        if (snapshot.status !== 'active') resolve();
      },
      error: (error) => {
        stop(new RunStop('failed', (error as Error)?.message ?? String(error)));
        resolve();
      },
      complete: () => resolve(),
    });
  });
  let finished = false;
  if (mode === 'replay') {
    void sequencer.whenExhausted().then(async () => {
      await settle();
      if (finished) return;
      stop(new RunStop('cancelled', JOURNAL_END));
      controller.abort();
    });
  }
  actor.start();
  await ended;
  finished = true;
  stopAnnouncingPauses?.();
  controller.abort();
  // Calls the flow abandoned still charge what they spent: let them return and settle first.
  await Promise.allSettled([...ctx.calls]);
  while (!sequencer.idle) await settle();
  sequencer.close(stopped ?? new RunStop('cancelled', 'the run has ended'));
  session.signal?.removeEventListener('abort', cancel);

  const snapshot = actor.getSnapshot();
  const outcome: Outcome = snapshot.status === 'done' && snapshot.matches('done') ? 'done' : (stopped?.outcome ?? 'failed');
  const reason = outcome === 'done' ? undefined : (stopped?.message ?? 'the run reached its failed state');
  const tokens = ledger.snapshot().find((pool) => pool.key === budgetKey.run())?.spent ?? 0;
  const cost = ctx.costs.total > 0 ? ctx.costs.total : undefined;
  const wallMs = Date.now() - sessionStart;
  log.emit({ type: 'run.finished', outcome, ...(reason ? { reason } : {}), tokens, ...(cost !== undefined ? { cost } : {}), wallMs });
  saveSnapshot();
  if (session.ownsCoordinator) await session.coordinator?.close();

  return {
    runId: header.runId,
    outcome,
    reason,
    tokens,
    cost,
    wallMs,
    outputs: (snapshot.context as MachineContext).outputs,
    budgets: ledger.snapshot(),
    events: log.events,
    mismatches: log.mismatches.concat(mode !== 'live' && log.pending > 0 && outcome !== 'cancelled' ? [`${log.pending} journaled events were not produced again`] : []),
  };
}

function readRun(store: RunStore, runId: string): { header: RunHeader; ir: WorkflowIR; machine: unknown; records: JournalRecord[] } {
  const stored = store.read(runId);
  if (!stored) throw new Error(`no run '${runId}' in ${store.locate(runId)}`);
  const ir = WorkflowIR.parse(stored.ir);
  if (irHash(ir) !== stored.header.irHash) {
    throw new Error(`run ${runId}: ir.json does not match the hash in its journal; the run's files were changed after it started`);
  }
  return { header: stored.header, ir, machine: stored.machine, records: stored.records };
}

/** The outcome of the journal's last session, unless a later session resumed it. */
function lastOutcome(records: JournalRecord[]): Outcome | undefined {
  let outcome: Outcome | undefined;
  for (const record of records) {
    if (record.kind !== 'event') continue;
    if (record.event.type === 'run.finished') outcome = record.event.outcome;
    if (record.event.type === 'run.resumed') outcome = undefined;
  }
  return outcome;
}

function newRunId(workflow: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${workflow}-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** A few turns of the event loop: enough for every consequence of the last section to happen. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
