import type { Agent, FlowNode, WorkflowIR } from '../../src/ir/schema.js';
import type { RunnerFor } from '../agents/resolve.js';
import type { ChannelRouter } from '../channels/router.js';
import type { StepEngine } from '../engine/engine.js';
import type { Outputs } from '../guards/evaluate.js';
import type { Ledger } from '../ledger/ledger.js';
import type { ReservationQueue } from '../ledger/queue.js';
import type { RunJournal } from '../store/store.js';
import type { StepResult } from '../store/journal.js';
import type { Emit } from '../events.js';
import type { Redactor } from '../secrets.js';
import type { Toolbox } from '../tools/toolbox.js';
import type { HumanIO } from './human-io.js';
import type { AgentMemory } from './memory.js';
import type { PauseGate } from './pause.js';
import type { StepSequencer } from './sequencer.js';
import { StepAbandoned } from './step.js';
import { isRunStop, RunStop } from './stop.js';

/** `live`: a new run. `resume`: replay the journal, then go on live. `replay`: the journal only. */
export type RunMode = 'live' | 'resume' | 'replay';

/** Everything the step implementations share within one run. */
export interface RunContext {
  runId: string;
  ir: WorkflowIR;
  mode: RunMode;
  input: unknown;
  ledger: Ledger;
  /** Turns waiting for budget that turns in flight hold, first come, first served. */
  reservations: ReservationQueue;
  router: ChannelRouter;
  emit: Emit;
  sequencer: StepSequencer;
  /** Absent when replaying: a replay writes nothing. */
  journal?: RunJournal;
  /** Results of steps that finished in an earlier session, by step id. */
  journaled: Map<string, StepResult>;
  /** Inputs journaled when steps started in an earlier session, by step id (a human step's deadline). */
  journaledInputs: Map<string, Record<string, unknown>>;
  /** Calls made inside steps' calls (tool calls) that an earlier session journaled, by call id (step.ts runInnerCall). */
  journaledCalls: Map<string, { inputs: Record<string, unknown>; result: unknown }>;
  runnerFor: RunnerFor;
  /** Agents whose usage coord counts itself (function and simulated agents). */
  countsLocally: (agent: Agent) => boolean;
  human: HumanIO;
  /** Where steps run and what makes them durable: the local file engine, or Restate. */
  engine: StepEngine;
  /** Aborted when the run ends or is cancelled. */
  signal: AbortSignal;
  outputs: () => Outputs;
  /** What agents with `memory` read again at each turn. */
  memory: AgentMemory;
  /** Turns taken so far, per agent. */
  turns: Map<string, number>;
  /** How often each (scope, node) has been entered, for stable step ids. */
  visits: Map<string, number>;
  /** Records the first reason the run is stopping; later ones are consequences. */
  stop: (reason: RunStop) => void;
  /** Agent calls and the steps that wait on them; the run waits for them before it ends, so what they spent is charged and what they hold is released. */
  calls: Set<Promise<unknown>>;
  /** Dollars reported by providers so far (turns without a known price add nothing). */
  costs: { total: number };
  /** Keeps known secrets out of step results (and so out of events, journal and outputs). */
  redact: Redactor;
  /** The agents' tools, opened at each agent's first turn and closed when the run ends. */
  tools: Toolbox;
  /** Holds new turns while the run is paused. */
  pause?: PauseGate;
}

export function agentNamed(ctx: RunContext, name: string): Agent {
  const agent = ctx.ir.agents.find((a) => a.name === name);
  if (!agent) throw new RunStop('failed', `the flow runs agent '${name}', which the workflow does not declare`);
  return agent;
}

export function nodeNamed(ctx: RunContext, id: string): FlowNode {
  const node = ctx.ir.flow.nodes.find((n) => n.id === id) ?? branchStep(ctx, id);
  if (!node) throw new RunStop('failed', `the machine names flow node '${id}', which the workflow does not have`);
  return node;
}

/** Branch steps of a parallel node are agents that are not flow nodes of their own. */
function branchStep(ctx: RunContext, id: string): FlowNode | undefined {
  for (const node of ctx.ir.flow.nodes) {
    if (node.kind !== 'parallel') continue;
    for (const branch of node.branches) {
      const at = branch.steps.indexOf(id);
      if (at >= 0) return { kind: 'agent', id, agent: id, next: [] };
    }
  }
  return undefined;
}

/** A step id that is the same in every execution of the run: scope, node and visit number. */
export function nextStepId(ctx: RunContext, node: string, scope?: string): string {
  const key = `${scope ? `${scope}/` : ''}${node}`;
  const visit = (ctx.visits.get(key) ?? 0) + 1;
  ctx.visits.set(key, visit);
  return `${key}#${visit}`;
}

/** Wraps a step so that its failure is recorded as the run's reason, unless the step was merely abandoned. */
export async function recordingFailure<T>(ctx: RunContext, signal: AbortSignal, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof StepAbandoned || (signal.aborted && !ctx.signal.aborted)) throw error;
    ctx.stop(isRunStop(error) ? error : new RunStop('failed', (error as Error)?.message ?? String(error)));
    throw error;
  }
}
