import type { FlowGraph } from './flow-graph.js';
import { reachableFrom } from './flow-graph.js';

/**
 * For every node reachable from start, the nodes that run on every path from start to it
 * (itself included): the classic iterative dominator sets. Flows are small, so sets are fine.
 */
export function dominators(graph: FlowGraph): Map<string, Set<string>> {
  const start = graph.ir.flow.start;
  const result = new Map<string, Set<string>>();
  if (!graph.hasStart) return result;
  const reachable = reachableFrom(graph, [start]);
  const all = [...reachable];
  for (const id of all) result.set(id, id === start ? new Set([start]) : new Set(all));
  let changed = true;
  while (changed) {
    changed = false;
    for (const id of all) {
      if (id === start) continue;
      const preds = (graph.incoming.get(id) ?? []).map((edge) => edge.from).filter((from) => reachable.has(from));
      let meet: Set<string> | undefined;
      for (const pred of preds) {
        const dom = result.get(pred)!;
        meet = meet ? new Set([...meet].filter((x) => dom.has(x))) : new Set(dom);
      }
      const next = meet ?? new Set<string>();
      next.add(id);
      if (next.size !== result.get(id)!.size) {
        result.set(id, next);
        changed = true;
      }
    }
  }
  return result;
}

/** Whether `earlier` can run at some point before `later` finishes (an ancestor, or itself). */
export function canRunBefore(graph: FlowGraph, earlier: string, later: string): boolean {
  if (earlier === later) return true;
  return reachableFrom(graph, [earlier]).has(later);
}
