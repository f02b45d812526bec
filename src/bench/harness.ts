import type { WorkflowIR } from '../ir/schema.js';
import type { MessageCoordinator } from '../../runtime/coordinator/types.js';
import type { AgentRunner } from '../../runtime/agents/agent.js';
import { createFunctionAgent } from '../../runtime/agents/function.js';
import type { FamilyName, MessageStyle } from './family.js';
import type { Knobs } from './knobs.js';
import { RunRecord, trafficOf, type RunRecord as Record_ } from './metrics.js';
import { POLICIES, applyPolicy, sweepPoints, type PolicyName, type PolicyPoint } from './policies.js';
import { rankerFor } from './rankers/policy-rankers.js';
import { RankerCoordinator } from './rankers/ranker.js';
import { runTask } from './run-task.js';
import { seedFor, type Split } from './splits.js';
import { generateTask, scoreTask, type TaskInstance } from './task.js';

export interface HarnessOptions {
  families: readonly FamilyName[];
  policies: readonly PolicyName[];
  /** Budgets swept for policies that take one (per-message or readout tokens). */
  budgets: readonly number[];
  split: Split;
  count: number;
  start: number;
  /** How the programmatic senders write (default plain); see src/bench/chatty.ts. */
  style?: MessageStyle;
  knobs: Knobs;
  /** Each family's workflow IR, as loaded from workflows/bench/<family>.coord. */
  workflows: Readonly<Record<FamilyName, WorkflowIR>>;
  /** IR → machine config (src/compile/machine.ts); passed in so src/bench does not import the compiler. */
  compile: (ir: WorkflowIR) => unknown;
  /** Opens the learned coordinator for one run; rejects with a reason a person can act on when it cannot. */
  learnedCoordinator: (ir: WorkflowIR, runId: string) => Promise<MessageCoordinator>;
  /** Runs in flight at once (the learned coordinator batches concurrent runs). */
  concurrency: number;
  /**
   * The agents of a family's workflow, for LLM agents (`--provider`): the workflows are then
   * already transformed (llm-agents.ts) and records carry the model's usage. Default: the
   * workflow's programmatic function agents.
   */
  runnersFor?: (ir: WorkflowIR) => Record<string, AgentRunner>;
  onRun?: (record: Record_, done: number, total: number) => void;
}

export interface HarnessResult {
  records: Record_[];
  unavailable: { policy: PolicyName; reason: string }[];
}

/** Runs every family × policy point × task, and returns one record per run. */
export async function runHarness(options: HarnessOptions): Promise<HarnessResult> {
  const points = sweepPoints(options.policies, options.budgets);
  const unavailable = await unavailablePolicies(options);
  const runnable = points.filter((p) => !unavailable.some((u) => u.policy === p.policy));
  const jobs = options.families.flatMap((family) =>
    runnable.flatMap((point) => Array.from({ length: options.count }, (_, i) => ({ family, point, index: options.start + i }))),
  );
  const runners = new Map<FamilyName, Record<string, AgentRunner>>();
  for (const family of options.families) {
    const ir = options.workflows[family];
    runners.set(family, options.runnersFor ? options.runnersFor(ir) : await loadRunners(ir));
  }
  const prepared = new Map<string, Prepared>();
  const irFor = (family: FamilyName, point: PolicyPoint): Prepared => {
    const key = `${family}/${point.policy}/${point.budget ?? ''}`;
    let entry = prepared.get(key);
    if (!entry) {
      const ir = applyPolicy(options.workflows[family], point, options.knobs);
      entry = { ir, machine: options.compile(ir), runners: runners.get(family)! };
      prepared.set(key, entry);
    }
    return entry;
  };

  // In job order, whichever run finishes first: the summary's rows follow the records, and a
  // report must not change with the timing of concurrent runs.
  const records: Record_[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const at = next++;
      const job = jobs[at]!;
      const record = await runOne(options, job.family, job.point, job.index, irFor(job.family, job.point));
      records[at] = record;
      options.onRun?.(record, ++done, jobs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return { records, unavailable };
}

interface Prepared {
  ir: WorkflowIR;
  machine: unknown;
  runners: Record<string, AgentRunner>;
}

/** The workflow's function agents, loaded once: loading a .ts module per run would dominate the run time. */
async function loadRunners(ir: WorkflowIR): Promise<Record<string, AgentRunner>> {
  const entries = await Promise.all(
    ir.agents.map(async (agent) => {
      if (agent.kind !== 'function') throw new Error(`coordbench runs programmatic agents; agent ${agent.name} is not a function agent`);
      return [agent.name, await createFunctionAgent(agent)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function runOne(options: HarnessOptions, family: FamilyName, point: PolicyPoint, index: number, prepared: Prepared): Promise<Record_> {
  const seed = seedFor(options.split, index);
  const style = options.style ?? 'plain';
  const instance = generateTask(family, seed, options.split, style);
  const runId = `bench-${family}-${point.policy}${point.budget ? `-${point.budget}` : ''}-${seed}${style === 'plain' ? '' : `-${style}`}`;
  const base = { family, policy: point.policy, ...(point.budget ? { budget: point.budget } : {}), seed };
  try {
    const coordinator = await coordinatorFor(options, point.policy, prepared.ir, runId, instance);
    const run = await runTask({
      ir: prepared.ir,
      machine: prepared.machine,
      instance,
      runId,
      runners: prepared.runners,
      ...(coordinator ? { coordinator } : {}),
    });
    const { modelUsage, cost, ...traffic } = trafficOf(run.events);
    return RunRecord.parse({
      ...base,
      ...traffic,
      ...(options.runnersFor ? { usage: modelUsage, ...(cost !== undefined ? { cost } : {}) } : {}),
      success: run.outcome === 'done' && scoreTask(instance, run.output),
      ...(run.outcome !== 'done' && run.reason ? { error: run.reason } : {}),
    });
  } catch (error) {
    return RunRecord.parse({
      ...base,
      success: false,
      exchanged: 0,
      delivered: 0,
      generated: 0,
      messages: 0,
      wallMs: 0,
      coordinatorSteps: 0,
      coordinatorMs: 0,
      outcome: 'error',
      error: (error as Error).message,
    });
  }
}

async function coordinatorFor(
  options: HarnessOptions,
  policy: PolicyName,
  ir: WorkflowIR,
  runId: string,
  instance: TaskInstance,
): Promise<MessageCoordinator | undefined> {
  switch (POLICIES[policy].coordinator) {
    case 'none':
      return undefined;
    case 'ranker':
      return new RankerCoordinator(rankerFor(policy, instance, runId), {
        ...(options.knobs.readoutHops === undefined ? {} : { hops: options.knobs.readoutHops }),
        ...(options.knobs.readoutPerQuery === undefined ? {} : { perQuery: options.knobs.readoutPerQuery }),
        // The oracle keeps its own rule (needed or not): filling would read what is not needed.
        ...(options.knobs.readoutFill && policy !== 'oracle' ? { threshold: -Infinity } : {}),
      });
    case 'learned':
      return options.learnedCoordinator(ir, runId);
  }
}

/** Policies that need the learned coordinator are unavailable when it cannot be opened; say why, never fake them. */
async function unavailablePolicies(options: HarnessOptions): Promise<{ policy: PolicyName; reason: string }[]> {
  const learned = options.policies.filter((p) => POLICIES[p].coordinator === 'learned');
  if (learned.length === 0) return [];
  const family = options.families[0];
  if (!family) return [];
  const probe = applyPolicy(options.workflows[family], { policy: learned[0]!, budget: options.budgets[0] ?? 1 }, options.knobs);
  try {
    const coordinator = await options.learnedCoordinator(probe, 'bench-probe');
    await coordinator.close();
    return [];
  } catch (error) {
    return learned.map((policy) => ({ policy, reason: `coordinator not available: ${(error as Error).message}` }));
  }
}
