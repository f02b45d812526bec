import type { WorkflowIR } from '../ir/schema.js';
import { dominators, runsBefore, type Dominators } from './dominators.js';
import { buildFlowGraph, flowComponents, reachableFrom, type FlowGraph } from './flow-graph.js';
import { indexOutputs, type OutputIndex } from './outputs.js';
import type { Report } from './report.js';

/** What every check receives: the IR, its graph and the facts about it that several checks need, and where to report. */
export interface CheckContext {
  ir: WorkflowIR;
  graph: FlowGraph;
  /** Nodes reachable from start (empty when the start is not a node). */
  reachable: Set<string>;
  /** Which nodes run on every path from start to a node (itself included). */
  dominators: Dominators;
  /** Whether `earlier` can run at some point before `later` finishes (an ancestor, or itself). */
  canRunBefore: (earlier: string, later: string) => boolean;
  /** What a reference's first name denotes, looked up by name. */
  outputs: OutputIndex;
  report: Report;
}

export type Check = (context: CheckContext) => void;

export function createCheckContext(ir: WorkflowIR, report: Report): CheckContext {
  const graph = buildFlowGraph(ir);
  const componentOf = flowComponents(graph);
  const sameLoop = (a: string, b: string): boolean => {
    const component = componentOf.get(a);
    return component !== undefined && component.nodes.length > 1 && component === componentOf.get(b);
  };
  return {
    ir,
    graph,
    reachable: graph.hasStart ? reachableFrom(graph, [ir.flow.start]) : new Set<string>(),
    dominators: dominators(graph),
    canRunBefore: runsBefore(sameLoop, (from) => reachableFrom(graph, [from])),
    outputs: indexOutputs(ir),
    report,
  };
}
