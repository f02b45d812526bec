import { DONE, type WorkflowIR } from '../ir/schema.js';
import { dominators, runsBefore, type Dominators } from './dominators.js';
import { buildFlowGraph, reachableFrom, type FlowGraph } from './flow-graph.js';
import { indexOutputs, type OutputIndex } from './outputs.js';
import type { Report } from './report.js';
import { stronglyConnectedComponents, type Component } from './scc.js';

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
  const loopOf = new Map<string, Component>();
  const successors = (id: string): string[] =>
    (graph.outgoing.get(id) ?? []).filter((edge) => edge.to !== DONE).map((edge) => edge.to);
  for (const component of stronglyConnectedComponents(graph.nodes.keys(), successors)) {
    if (component.nodes.length > 1) for (const id of component.nodes) loopOf.set(id, component);
  }
  const sameLoop = (a: string, b: string): boolean => loopOf.get(a) !== undefined && loopOf.get(a) === loopOf.get(b);
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
