import { DONE } from '../ir/schema.js';
import type { FlowGraph } from './flow-graph.js';

/** Answers "does every path from start to `b` run `a`?" for nodes reachable from start. */
export interface Dominators {
  /** True when `a` runs on every path from start to `b` (a node dominates itself); false when either is unreachable. */
  dominates(a: string, b: string): boolean;
}

/**
 * Dominators by the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast
 * Dominance Algorithm"): immediate dominators as an array over reverse postorder, refined
 * until stable, then numbered by an iterative walk of the dominator tree so a query is two
 * comparisons. Linear space; no recursion, so a flow of any length is safe.
 */
export function dominators(graph: FlowGraph): Dominators {
  const none: Dominators = { dominates: () => false };
  if (!graph.hasStart) return none;
  const order = reversePostorder(graph, graph.ir.flow.start);
  const rank = new Map<string, number>();
  order.forEach((id, index) => rank.set(id, index));
  const predecessors = order.map((id) => {
    const from: number[] = [];
    for (const edge of graph.incoming.get(id) ?? []) {
      const index = rank.get(edge.from);
      if (index !== undefined) from.push(index);
    }
    return from;
  });

  // idom[i] over reverse-postorder numbers; -1 = not yet known. The start is its own.
  const idom = new Int32Array(order.length).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (a > b) a = idom[a]!;
      while (b > a) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let node = 1; node < order.length; node++) {
      let meet = -1;
      for (const pred of predecessors[node]!) {
        if (idom[pred] === -1) continue;
        meet = meet === -1 ? pred : intersect(pred, meet);
      }
      if (meet !== -1 && idom[node] !== meet) {
        idom[node] = meet;
        changed = true;
      }
    }
  }

  // Entry and exit times on the dominator tree: a dominates b iff b's interval nests in a's.
  const children: number[][] = order.map(() => []);
  for (let node = 1; node < order.length; node++) children[idom[node]!]!.push(node);
  const enter = new Int32Array(order.length);
  const exit = new Int32Array(order.length);
  let clock = 0;
  const stack: Array<{ node: number; next: number }> = [{ node: 0, next: 0 }];
  enter[0] = clock++;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const child = children[frame.node]![frame.next++];
    if (child === undefined) {
      exit[frame.node] = clock++;
      stack.pop();
      continue;
    }
    enter[child] = clock++;
    stack.push({ node: child, next: 0 });
  }

  return {
    dominates(a, b) {
      const ia = rank.get(a);
      const ib = rank.get(b);
      if (ia === undefined || ib === undefined) return false;
      return enter[ia]! <= enter[ib]! && exit[ib]! <= exit[ia]!;
    },
  };
}

/** Nodes reachable from `start`, in reverse postorder of an iterative depth-first walk. */
function reversePostorder(graph: FlowGraph, start: string): string[] {
  const postorder: string[] = [];
  const seen = new Set<string>([start]);
  const stack: Array<{ id: string; targets: string[]; next: number }> = [{ id: start, targets: targetsOf(graph, start), next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const target = frame.targets[frame.next++];
    if (target === undefined) {
      postorder.push(frame.id);
      stack.pop();
      continue;
    }
    if (seen.has(target)) continue;
    seen.add(target);
    stack.push({ id: target, targets: targetsOf(graph, target), next: 0 });
  }
  return postorder.reverse();
}

function targetsOf(graph: FlowGraph, id: string): string[] {
  const targets: string[] = [];
  for (const edge of graph.outgoing.get(id) ?? []) if (edge.to !== DONE) targets.push(edge.to);
  return targets;
}

/**
 * "Can `earlier` run at some point before `later` finishes?" (an ancestor, or itself). Two
 * nodes on one loop reach each other; otherwise a forward walk decides, remembered per
 * `earlier`: checks ask only for reads that a dominator does not settle.
 */
export function runsBefore(
  sameLoop: (a: string, b: string) => boolean,
  reachableFrom: (from: string) => Set<string>,
): (earlier: string, later: string) => boolean {
  const walks = new Map<string, Set<string>>();
  return (earlier, later) => {
    if (earlier === later || sameLoop(earlier, later)) return true;
    let reached = walks.get(earlier);
    if (!reached) {
      reached = reachableFrom(earlier);
      walks.set(earlier, reached);
    }
    return reached.has(later);
  };
}
