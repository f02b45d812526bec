import type { WorkflowIR } from '../ir/schema.js';
import { dominators } from './dominators.js';
import { buildFlowGraph, type FlowGraph } from './flow-graph.js';
import type { Report } from './report.js';

/** What every check receives: the IR, its graph, the dominator sets, and where to report. */
export interface CheckContext {
  ir: WorkflowIR;
  graph: FlowGraph;
  /** Node → the nodes that run on every path from start to it (itself included). */
  dominators: Map<string, Set<string>>;
  report: Report;
}

export type Check = (context: CheckContext) => void;

export function createCheckContext(ir: WorkflowIR, report: Report): CheckContext {
  const graph = buildFlowGraph(ir);
  return { ir, graph, dominators: dominators(graph), report };
}
