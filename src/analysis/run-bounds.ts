import { DONE } from '../ir/schema.js';
import type { FlowEdge, FlowGraph } from './flow-graph.js';
import { stronglyConnectedComponents, type Component } from './scc.js';

/**
 * Upper bounds on how often each node runs, and the worst case over runs of any
 * per-visit weight. Method (docs/budget-bound.md has the argument in full):
 *
 * 1. A run is one walk through the flow. Once it leaves a strongly connected component
 *    (SCC) it can never come back, so it enters each SCC at most once, at one node.
 * 2. Inside an SCC entered at `e`, with counts c(t) of internal transitions, arrivals
 *    A(v) = [v = e] + Σ c(t into v, t not a self-loop) and visits V(v) = A(v) + c(self-loop):
 *    a transition t out of v other than its self-loop has c(t) ≤ A(v) (flow conservation:
 *    each visit leaves at most once, and self-loop visits were paid for by the loop), and
 *    c(t) ≤ max when it has one. Starting from c(t) = max for bounded transitions (free ones
 *    solved exactly along the acyclic rest), each refinement c(t) := min(max, A(from)) stays
 *    an upper bound (a pre-fixpoint of a monotone system bounds its least fixpoint, which
 *    bounds every run); a cycle of transitions without `max` makes its nodes unbounded.
 * 3. Across SCCs, dynamic programming over the DAG of SCCs takes the worst exit.
 */
export class RunBounds {
  private readonly componentOf = new Map<string, Component>();
  private readonly withinCache = new Map<string, Map<string, number>>();
  /** Sets of nodes that loop with no `max` on the way, for messages. */
  readonly unboundedLoops: string[][] = [];

  constructor(private readonly graph: FlowGraph) {
    const successors = (id: string): string[] =>
      (graph.outgoing.get(id) ?? []).filter((edge) => edge.to !== DONE).map((edge) => edge.to);
    for (const component of stronglyConnectedComponents(graph.nodes.keys(), successors)) {
      for (const id of component.nodes) this.componentOf.set(id, component);
    }
  }

  /** The largest Σ visits(v) · weight(v) over all runs from start (Infinity when unbounded). */
  worstCase(weight: (node: string) => number): number {
    if (!this.graph.hasStart) return 0;
    const memo = new Map<string, number>();
    const from = (entry: string): number => {
      const known = memo.get(entry);
      if (known !== undefined) return known;
      const visits = this.visitsWithin(entry);
      let total = 0;
      for (const [id, count] of visits) total += times(count, weight(id));
      let worstExit = 0;
      const members = this.componentOf.get(entry)!;
      for (const id of members.nodes) {
        if ((visits.get(id) ?? 0) === 0) continue;
        for (const edge of this.graph.outgoing.get(id) ?? []) {
          if (edge.to === DONE || members.nodes.includes(edge.to)) continue;
          worstExit = Math.max(worstExit, from(edge.to));
        }
      }
      memo.set(entry, total + worstExit);
      return total + worstExit;
    };
    return from(this.graph.ir.flow.start);
  }

  /** Upper bounds on the visits of each node of `entry`'s SCC during one stay that begins at `entry`. */
  visitsWithin(entry: string): Map<string, number> {
    const cached = this.withinCache.get(entry);
    if (cached) return cached;
    const members = new Set(this.componentOf.get(entry)!.nodes);
    const internal = this.graph.edges.filter((edge) => members.has(edge.from) && members.has(edge.to));
    const bounded = internal.filter((edge) => edge.transition?.max !== undefined);
    const free = internal.filter((edge) => edge.transition?.max === undefined);
    let caps = new Map(bounded.map((edge) => [edge.id, edge.transition!.max!]));
    let solved = this.solveFree(entry, members, bounded, free, caps);
    // Each round keeps an upper bound and can only lower it; a few rounds settle real flows.
    for (let round = 0; round < 100; round++) {
      const next = new Map(
        bounded.map((edge) => {
          const max = edge.transition!.max!;
          return [edge.id, edge.from === edge.to ? max : Math.min(max, solved.arrivals.get(edge.from) ?? 0)];
        }),
      );
      if ([...next].every(([id, cap]) => caps.get(id) === cap)) break;
      caps = next;
      solved = this.solveFree(entry, members, bounded, free, caps);
    }
    this.withinCache.set(entry, solved.visits);
    return solved.visits;
  }

  /**
   * Visits given fixed counts for bounded transitions: exact along acyclic free transitions,
   * infinite on free cycles. A self-loop adds visits but no way out: every visit ends in the
   * self-loop, another exit, or the end of the run, so the exits other than the self-loop are
   * at most the visits that arrived from elsewhere (`arrivals`), and they carry only those on.
   */
  private solveFree(
    entry: string,
    members: Set<string>,
    bounded: FlowEdge[],
    free: FlowEdge[],
    caps: Map<string, number>,
  ): { visits: Map<string, number>; arrivals: Map<string, number> } {
    const successors = (id: string): string[] => free.filter((edge) => edge.from === id).map((edge) => edge.to);
    // Tarjan lists sinks first; walk sources first.
    const order = stronglyConnectedComponents(members, successors).reverse();
    const visits = new Map<string, number>();
    const arrivals = new Map<string, number>();
    for (const component of order) {
      const inside = new Set(component.nodes);
      let inflow = 0;
      let selfLoops = 0;
      for (const id of component.nodes) {
        if (id === entry) inflow += 1;
        for (const edge of bounded) {
          if (edge.to !== id) continue;
          if (edge.from === id) selfLoops += caps.get(edge.id) ?? 0;
          else inflow += caps.get(edge.id) ?? 0;
        }
        for (const edge of free) if (edge.to === id && !inside.has(edge.from)) inflow += arrivals.get(edge.from) ?? 0;
      }
      const unbounded = component.cyclic && inflow > 0;
      if (unbounded && !this.unboundedLoops.some((loop) => loop.join() === component.nodes.join())) {
        this.unboundedLoops.push(component.nodes);
      }
      for (const id of component.nodes) {
        arrivals.set(id, unbounded ? Infinity : inflow);
        visits.set(id, unbounded ? Infinity : inflow + selfLoops);
      }
    }
    return { visits, arrivals };
  }
}

/** Multiplication where zero times anything (Infinity included) is zero: no visits cost nothing. */
export function times(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}
