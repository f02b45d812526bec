import { randomBytes } from 'node:crypto';
import { createActor } from 'xstate';
import type { MachineConfig } from '../../src/ir/machine.js';
import { WorkflowIR } from '../../src/ir/schema.js';
import { PARSED_ONCE } from '../../src/ir/parse-once.js';
import type { AgentRunner } from '../agents/agent.js';
import { defaultLlmFactory, resolveAgents, type AgentSetup } from '../agents/resolve.js';
import { replayRewriters, resolveRewriters } from '../channels/rewriters.js';
import { ChannelRouter } from '../channels/router.js';
import type { MessageCoordinator } from '../coordinator/types.js';
import type { StepEngine } from '../engine/engine.js';
import { localEngine } from '../engine/local.js';
import { EVENTS_VERSION, type RunEvent } from '../events.js';
import type { Outputs } from '../guards/evaluate.js';
import { budgetKey, declaredLimits, ledgerFor } from '../ledger/budgets.js';
import type { Pool } from '../ledger/ledger.js';
import { ReservationQueue } from '../ledger/queue.js';
import type { JournalRecord, RunHeader, StepResult } from '../store/journal.js';
import type { RunJournal, RunStore } from '../store/store.js';
import { createRedactor, knownSecrets, type Redactor } from '../secrets.js';
import { tokenizerOfAgent } from '../tokens/tokenizer.js';
import { checkAnswer, questionAnswerIO, type QuestionAnswer } from './answers.js';
import type { RunContext, RunMode } from './context.js';
import { EventLog } from './event-log.js';
import { answersHumanIO, noHumanIO, simulatedHumanIO, type HumanIO } from './human-io.js';
import { irHash } from './ir-hash.js';
import { machineFor, type MachineContext } from './machine.js';
import { AgentMemory } from './memory.js';
import type { PauseGate } from './pause.js';
import { JournalTampered, RunFinished, RunNotFound, RunSetupError } from './refusals.js';
import { StepSequencer, type SectionKey } from './sequencer.js';
import { HeldJournal, redactingJournal } from './session-journal.js';
import { Toolbox } from '../tools/toolbox.js';
import { RunStop, type Outcome } from './stop.js';
import { checkedRun, lastOutcome, machineConfig, readRun } from './stored-run.js';
import { receiverQuery } from './turn-budget.js';

export type { Outcome } from './stop.js';

export interface RunResult {
  runId: string;
  outcome: Outcome;
  reason?: string;
  /** When waiting for input: the id of the question the run waits on (`coord resume --question`). */
  question?: string;
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
  /**
   * Secrets never to write or report (API keys): replaced in step results, events, the
   * journal, the snapshot and the result. Default: those the environment holds (secrets.ts).
   */
  secrets?: readonly string[];
  /** Where steps run (runtime/engine/): the local file engine unless given. */
  engine?: StepEngine;
}

export interface StartOptions extends SessionOptions {
  ir: WorkflowIR;
  /** The compiled machine config (docs/machine.md), checked against its schema (src/ir/machine.ts) before the run starts. */
  machine: unknown;
  store: RunStore;
  runId?: string;
  input?: unknown;
  simulateSeed?: number;
  /** Who writes the run, as a second writer is told (`coord run`); default "a run". */
  purpose?: string;
}

export interface ResumeOptions extends SessionOptions {
  runId: string;
  store: RunStore;
  /** Answers for human steps, by node id or question id (merged in front of `human`). */
  answers?: Record<string, unknown>;
  /**
   * The answer to the question the run waits on, named by its id. Checked against the
   * journal under the run's lease: `AnswerRefused` when the run waits on another question
   * or this one has another answer, `AnswerAlreadyGiven` when it has this very answer.
   */
  answer?: QuestionAnswer;
  /** Who writes the run, as a second writer is told (`coord resume`); default "a resumed session". */
  purpose?: string;
}

export interface ReplayOptions {
  runId: string;
  store: RunStore;
  secrets?: readonly string[];
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
  const ir = WorkflowIR.parse(options.ir, PARSED_ONCE);
  const machine = machineConfig(options.machine, 'the machine config given to startRun');
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
  let journal: RunJournal;
  try {
    journal = await options.store.create(header, ir, machine, options.purpose ?? 'a run');
  } catch (error) {
    await closeCoordinator(prepared);
    throw error;
  }
  return execute({ ...prepared, journal, machine, records: [] });
}

/**
 * Continues a run that was interrupted, cancelled or is waiting for input, from its
 * journal. It takes the run's lease first (`RunBusy` while another session writes the
 * run) and reads the journal under it, so what it checks is what it continues.
 */
export async function resumeRun(options: ResumeOptions): Promise<RunResult> {
  const opened = await options.store.open(options.runId, options.purpose ?? 'a resumed session');
  if (!opened) throw new RunNotFound(options.runId, options.store.locate(options.runId));
  const { journal } = opened;
  let session: Session;
  try {
    const stored = checkedRun(opened.run, options.runId);
    // First, so that repeating an answer to a run it finished is `AnswerAlreadyGiven`, not a refusal.
    if (options.answer) checkAnswer(options.runId, stored.records, options.answer);
    const finished = lastOutcome(stored.records);
    if (finished && finished !== 'waiting_for_input' && finished !== 'cancelled') throw new RunFinished(options.runId, finished);
    const ahead = options.answers ? answersHumanIO(options.answers, options.human) : options.human;
    const human = options.answer ? questionAnswerIO(options.answer, ahead ?? noHumanIO) : ahead;
    const prepared = await prepare(stored.ir, stored.header, 'resume', { ...options, human });
    session = { ...prepared, journal, machine: stored.machine, records: stored.records };
  } catch (error) {
    await journal.close();
    throw error;
  }
  return execute(session);
}

/** Builds what a run needs before it starts; a failure is a RunSetupError: nothing ran. */
async function setup<T>(make: () => Promise<T>): Promise<T> {
  try {
    return await make();
  } catch (error) {
    throw new RunSetupError((error as Error)?.message ?? String(error));
  }
}

/** Re-runs a journal with no agent calls and checks that it produces the same events. */
export async function replayRun(options: ReplayOptions): Promise<ReplayResult> {
  const stored = await readRun(options.store, options.runId);
  const prepared = await prepare(stored.ir, stored.header, 'replay', { ...options, human: noHumanIO });
  const result = await execute({ ...prepared, machine: stored.machine, records: stored.records });
  const journaledOutcome = lastOutcome(stored.records);
  const endedWithJournal = result.outcome === 'cancelled' && result.reason === JOURNAL_END;
  const sameOutcome = journaledOutcome === undefined || endedWithJournal ? true : journaledOutcome === result.outcome;
  return { ...result, journaledOutcome, matches: result.mismatches.length === 0 && sameOutcome };
}

const JOURNAL_END = 'the journal ends here';

/** The longest a running session leaves its saved snapshot behind. */
const SNAPSHOT_INTERVAL_MS = 5000;

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
  engine: StepEngine;
  signal?: AbortSignal;
  pause?: PauseGate;
  onEvent?: (event: RunEvent, meta: { replayed: boolean }) => void;
  outputs: { current: () => Outputs };
  redactor: Redactor;
}

interface Session extends Prepared {
  machine: MachineConfig;
  journal?: RunJournal;
  records: JournalRecord[];
}

/** Everything that can fail before an agent runs: agent modules, providers, the coordinator. */
async function prepare(ir: WorkflowIR, header: RunHeader, mode: RunMode, options: SessionOptions): Promise<Prepared> {
  const outputs = { current: (): Outputs => ({}) };
  const redactor = createRedactor(options.secrets ?? knownSecrets(process.env));
  const replayOnly = () => {
    throw new Error('replay never calls an agent');
  };
  const resolving =
    mode === 'replay'
      ? { runnerFor: replayOnly, countsLocally: (agent: WorkflowIR['agents'][number]) => header.simulateSeed !== undefined || agent.kind === 'function' }
      : setup(() => resolveAgents(ir, { ...options, simulateSeed: header.simulateSeed }, () => outputs.current()));
  // While function agents' threads start and load their modules, this thread would only wait:
  // it reads the token tables the run will count with meanwhile. One that cannot be read (an
  // incomplete install) stops the run here, before any agent runs.
  const tables = mode === 'replay' ? undefined : setup(async () => ir.agents.forEach((agent) => tokenizerOfAgent(agent).load()));
  // Its failure is thrown after the agents' setup settles; marked handled until then.
  tables?.catch(() => undefined);
  const resolved = await resolving;
  await tables;
  const rewritesThroughModels = ir.channels.some((channel) => channel.compress.method === 'squeeze' && channel.compress.via !== undefined);
  const rewriters =
    mode === 'replay'
      ? replayRewriters(ir)
      : header.simulateSeed !== undefined || !rewritesThroughModels
        ? new Map<string, AgentRunner>()
        : await setup(async () => resolveRewriters(ir, options.llm ?? (await defaultLlmFactory())));
  const needsCoordinator = [...ir.channels, ...(ir.conversations ?? [])].some((channel) => channel.mode !== 'text');
  let coordinator = options.coordinator;
  let ownsCoordinator = false;
  if (needsCoordinator && !coordinator) {
    const { createCoordinator } = await import('../coordinator/index.js');
    try {
      coordinator = await createCoordinator({ config: ir.coordinator, runId: header.runId, signal: options.signal });
    } catch (error) {
      throw new RunSetupError(`the workflow has latent or hybrid channels and its coordinator cannot be loaded: ${(error as Error).message}`);
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
    engine: mode === 'replay' ? localEngine : (options.engine ?? localEngine),
    signal: options.signal,
    ...(options.pause ? { pause: options.pause } : {}),
    onEvent: options.onEvent,
    outputs,
    redactor,
  };
}

/** Drives the session to its end; its journal is committed and its lease given back whatever happens. */
async function execute(session: Session): Promise<RunResult> {
  try {
    return await drive(session);
  } finally {
    await closeCoordinator(session);
    await session.journal?.close();
  }
}

async function closeCoordinator(prepared: Prepared): Promise<void> {
  if (prepared.ownsCoordinator) await prepared.coordinator?.close();
}

async function drive(session: Session): Promise<RunResult> {
  const { ir, header, mode, redactor } = session;
  // A resumed session writes nothing until it has replayed the journal and found it as recorded.
  const held = mode === 'resume' && session.journal ? new HeldJournal(session.journal) : undefined;
  const journal = session.journal && redactingJournal(held ?? session.journal, redactor);
  const sessionStart = Date.now();
  const journaledEvents = session.records.flatMap((r) => (r.kind === 'event' ? [r.event] : []));
  const journaledResults = new Map<string, StepResult>();
  const journaledInputs = new Map<string, Record<string, unknown>>();
  const journaledCalls: RunContext['journaledCalls'] = new Map();
  const sections: SectionKey[] = [];
  for (const record of session.records) {
    if (record.kind === 'call') journaledCalls.set(record.id, { inputs: record.inputs, result: record.result });
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
    redact: redactor.value,
    // A resumed session that finds the journal changed stops before any step goes live.
    ...(held
      ? {
          onMismatch: (mismatch: string) => {
            if (held.isOpen) return;
            stop(new RunStop('failed', mismatch));
            controller.abort();
          },
        }
      : {}),
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
  }, (durable) => journal?.commit(durable) ?? Promise.resolve());

  const ledger = ledgerFor(ir);
  const router = new ChannelRouter({
    ir,
    ledger,
    emit: log.emit,
    coordinator: session.coordinator,
    standingQuery: (agent) => receiverQuery(agent, header.input),
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
    journaledCalls,
    runnerFor: session.resolved.runnerFor,
    countsLocally: session.resolved.countsLocally,
    human: session.human,
    engine: session.engine,
    signal: controller.signal,
    outputs: () => session.outputs.current(),
    memory: new AgentMemory(),
    turns: new Map(),
    visits: new Map(),
    stop,
    calls: new Set(),
    redact: redactor,
    costs: { total: 0 },
    tools: new Toolbox(),
    ...(session.pause ? { pause: session.pause } : {}),
  };

  if (mode === 'resume') log.emit({ type: 'run.resumed' });
  log.emit({
    type: 'run.started',
    eventsVersion: EVENTS_VERSION,
    workflow: ir.name,
    irHash: header.irHash,
    budgets: declaredLimits(ir),
    agents: ir.agents.map((agent) => agent.name),
    channels: ir.channels.map(({ id, from, to, mode: channelMode }) => ({ id, from, to, mode: channelMode })),
  });

  // Registered before any step waits for the journal's end, so the journal is verified before a step may go live.
  if (held) {
    void sequencer.whenExhausted().then(() => {
      if (!stopped && log.mismatches.length === 0) held.open();
    });
  }

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
  // The journal holds all that resume and replay need; the snapshot is a summary for people and
  // tools, saved when the session ends and at most every SNAPSHOT_INTERVAL_MS meanwhile, so that
  // a step does not pay for rewriting a summary that grows with the run.
  let snapshotSavedAt = Date.now();
  const ended = new Promise<void>((resolve) => {
    actor.subscribe({
      next: (snapshot) => {
        if (Date.now() - snapshotSavedAt >= SNAPSHOT_INTERVAL_MS) {
          snapshotSavedAt = Date.now();
          saveSnapshot();
        }
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
  await ctx.tools.close();
  while (!sequencer.idle) await settle();
  sequencer.close(stopped ?? new RunStop('cancelled', 'the run has ended'));
  session.signal?.removeEventListener('abort', cancel);

  if (held && !held.isOpen) {
    // Stopped while still replaying: by the person (nothing was written), or by a journal that is not as recorded.
    const cancelledByUser = session.signal?.aborted === true && stopped?.outcome === 'cancelled';
    if (!cancelledByUser) throw new JournalTampered(header.runId, log.mismatches[0] ?? stopped?.message ?? 'the replay stopped early');
  }

  const snapshot = actor.getSnapshot();
  const outcome: Outcome = snapshot.status === 'done' && snapshot.matches('done') ? 'done' : (stopped?.outcome ?? 'failed');
  const reason = outcome === 'done' ? undefined : redactor.text(stopped?.message ?? 'the run reached its failed state');
  const tokens = ledger.snapshot().find((pool) => pool.key === budgetKey.run())?.spent ?? 0;
  const cost = ctx.costs.total > 0 ? ctx.costs.total : undefined;
  const wallMs = Date.now() - sessionStart;
  log.emit({ type: 'run.finished', outcome, ...(reason ? { reason } : {}), tokens, ...(cost !== undefined ? { cost } : {}), wallMs });
  saveSnapshot();

  return {
    runId: header.runId,
    outcome,
    reason,
    ...(outcome === 'waiting_for_input' && stopped?.question ? { question: stopped.question } : {}),
    tokens,
    cost,
    wallMs,
    outputs: (snapshot.context as MachineContext).outputs,
    budgets: ledger.snapshot(),
    events: log.events,
    mismatches: log.mismatches.concat(mode !== 'live' && log.pending > 0 && outcome !== 'cancelled' ? [`${log.pending} journaled events were not produced again`] : []),
  };
}

/** A new run's id: the workflow's name, the time and a random tail (both engines name runs this way). */
export function newRunId(workflow: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${workflow}-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** A few turns of the event loop: enough for every consequence of the last section to happen. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
