/**
 * coord-lang's library API, front end: check a workflow, compile it, draw it, read its IR.
 * Running one (runs, resume, replay, run stores, events) is `coord-lang/runtime`; the trained
 * coordinator is `coord-lang/coordinator`. docs/library.md shows them together.
 */
export { checkWorkflow, hasErrors, type WorkflowCheck } from './check-workflow.js';
export { loadWorkflow, checkText, formatText, type CheckResult, type FormatResult } from '../language/index.js';
export { analyzeWorkflow, computeBudgetBound, type AgentBound, type BudgetBound } from '../analysis/index.js';
export { compileMachine, MachineCompileError, type MachineConfig } from '../compile/machine.js';
export { toDot, toMermaid } from '../compile/graph.js';
export { irJsonSchema } from '../ir/json-schema.js';
export {
  IR_VERSION,
  WorkflowIR,
  Agent,
  LlmAgent,
  FunctionAgent,
  Channel,
  FlowNode,
  HumanNode,
  Coordinator,
  Device,
  ChannelMode,
} from '../ir/schema.js';
export { Diagnostic, Severity, Position, Range } from '../diagnostics/diagnostic.js';
export { DIAGNOSTICS, type DiagnosticDefinition } from '../diagnostics/table.js';
