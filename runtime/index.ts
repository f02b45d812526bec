/**
 * coord-lang's library API, runtime: start a run from a compiled workflow, watch its events, resume
 * it, replay it, keep runs in files or in memory. The coordinator, which loads onnxruntime, is
 * `coord-lang/coordinator`, loaded by a run only when a channel needs it.
 */
export {
  startRun,
  resumeRun,
  replayRun,
  type Outcome,
  type RunResult,
  type StartOptions,
  type ResumeOptions,
  type ReplayOptions,
  type ReplayResult,
} from './run/run.js';
export { RunNotFound, RunFinished, JournalTampered } from './run/refusals.js';
export { AnswerRefused, AnswerAlreadyGiven, type QuestionAnswer } from './run/answers.js';
export { RunBusy } from './store/lease.js';
export { RunEvent, BudgetScope, type RunEventType } from './events.js';
export { FileRunStore } from './store/file-store.js';
export { MemoryRunStore } from './store/memory-store.js';
export type { RunStore, RunJournal, StoredRun } from './store/store.js';
export { answersHumanIO, noHumanIO, type HumanIO, type HumanQuestion } from './run/human-io.js';
export { PauseGate } from './run/pause.js';
export type { AgentRunner, DeliveredMessage, TurnRequest, TurnResult, TokenUsage, RetryNotice } from './agents/agent.js';
export type { AgentFunction, FunctionAgentArgs } from './agents/function.js';
export { createLlmAgent, type LlmAgentOptions } from './providers/llm-agent.js';
export type { MessageCoordinator, CoordinatorOptions, CoordinatorMessage, ReadoutQuery, Readout } from './coordinator/types.js';
