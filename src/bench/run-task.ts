import type { WorkflowIR } from '../ir/schema.js';
import { startRun } from '../../runtime/run/run.js';
import { MemoryRunStore } from '../../runtime/store/memory-store.js';
import type { MessageCoordinator } from '../../runtime/coordinator/types.js';
import type { AgentRunner } from '../../runtime/agents/agent.js';
import type { RunEvent } from '../../runtime/events.js';
import { queryOf, type TaskInstance } from './task.js';
import { TaskQueryCoordinator } from './task-query.js';

export interface TaskRun {
  /** The decider's output, undefined when the run ended before its turn. */
  output: unknown;
  outcome: string;
  reason?: string;
  events: RunEvent[];
}

export interface TaskRunOptions {
  /** The family's workflow, already under the policy. */
  ir: WorkflowIR;
  /** Its compiled machine config. */
  machine: unknown;
  instance: TaskInstance;
  /** A fresh coordinator for this run when its channels are latent or hybrid. */
  coordinator?: MessageCoordinator;
  runId: string;
  /** The workflow's agents, loaded once (loading a .ts agent module per run would dominate the run time). */
  runners: Record<string, AgentRunner>;
}

/** Runs one task through the runtime, in memory (no run files), with the instance as the run input. */
export async function runTask(options: TaskRunOptions): Promise<TaskRun> {
  const { instance } = options;
  const coordinator = options.coordinator && new TaskQueryCoordinator(options.coordinator, (receiver) => queryOf(instance, receiver));
  try {
    const result = await startRun({
      ir: options.ir,
      machine: options.machine,
      store: new MemoryRunStore(),
      runId: options.runId,
      input: instance,
      runners: options.runners,
      ...(coordinator ? { coordinator } : {}),
    });
    return {
      output: result.outputs[instance.decider],
      outcome: result.outcome,
      ...(result.reason ? { reason: result.reason } : {}),
      events: result.events,
    };
  } finally {
    await coordinator?.close();
  }
}
