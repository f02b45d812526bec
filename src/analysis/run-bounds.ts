import { DONE } from '../ir/schema.js';
import { flowComponents, type FlowEdge, type FlowShape } from './flow-graph.js';
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
 *
 * Cost: every graph walk is iterative (no recursion on the flow's length); each SCC's
 * internal transitions are indexed once; the stays a run can make (an SCC and the node it
 * is entered at) are found once and shared by every weight, so the bound of one agent
 * costs the stays of the SCC its nodes lie in, not the whole flow.
 */
export class RunBounds {
  private readonly componentOf: Map<string, Component>;
  private readonly insides = new Map<Component, Inside>();
  private readonly withinCache = new Map<string, Map<string, number>>();
  private readonly unboundedKeys = new Set<string>();
  /** Each SCC's internal transitions (both ends inside it), in the graph's order. */
  private readonly internalEdges = new Map<Component, FlowEdge[]>();
  private explored?: Exploration;
  /** Sets of nodes that loop with no `max` on the way, for messages. */
  readonly unboundedLoops: string[][] = [];

  constructor(private readonly graph: FlowShape) {
    this.componentOf = flowComponents(graph);
    for (const edge of graph.edges) {
      const component = this.componentOf.get(edge.from)!;
      if (this.componentOf.get(edge.to) !== component) continue;
      const edges = this.internalEdges.get(component);
      if (edges) edges.push(edge);
      else this.internalEdges.set(component, [edge]);
    }
  }

  /** The largest Σ visits(v) · weight(v) over all runs from start (Infinity when unbounded). */
  worstCase(weight: (node: string) => number): number {
    const { postorder } = this.exploration();
    if (postorder.length === 0) return 0;
    const value = new Map<Stay, number>();
    for (const stay of postorder) {
      let total = 0;
      for (const [id, count] of stay.visits) total += times(count, weight(id));
      let worstExit = 0;
      for (const exit of stay.exits) worstExit = Math.max(worstExit, value.get(exit)!);
      value.set(stay, total + worstExit);
    }
    return value.get(postorder[postorder.length - 1]!)!;
  }

  /**
   * `worstCase` for a weight that is zero except on `weights`' nodes. When those nodes lie
   * in one SCC, a run gains weight only during its one stay there, so the worst case is
   * that of the worst stay in the SCC that a run can make; otherwise it is `worstCase`.
   */
  worstCaseOn(weights: ReadonlyMap<string, number>): number {
    let component: Component | undefined;
    for (const id of weights.keys()) {
      const own = this.componentOf.get(id);
      if (component !== undefined && own !== component) return this.worstCase((node) => weights.get(node) ?? 0);
      component = own;
    }
    if (component === undefined) return this.worstCase(() => 0);
    let worst = 0;
    for (const stay of this.exploration().staysIn.get(component) ?? []) {
      let total = 0;
      for (const [id, weight] of weights) total += times(stay.visits.get(id) ?? 0, weight);
      worst = Math.max(worst, total);
    }
    return worst;
  }

  /**
   * Every stay a run can make, found by a depth-first walk from the start's stay that leaves
   * each stay through the exits of the nodes it visits, in node and transition order (which
   * fixes the order in which `unboundedLoops` lists loops).
   */
  private exploration(): Exploration {
    if (this.explored) return this.explored;
    const explored: Exploration = { postorder: [], staysIn: new Map() };
    this.explored = explored;
    if (!this.graph.hasStart) return explored;
    const stays = new Map<string, Stay>();
    const open = (entry: string): Stay => {
      const component = this.componentOf.get(entry)!;
      const stay: Stay = { entry, visits: this.visitsWithin(entry), exits: [], exitEntries: [] };
      for (const id of component.nodes) {
        if ((stay.visits.get(id) ?? 0) === 0) continue;
        for (const edge of this.graph.outgoing.get(id) ?? []) {
          if (edge.to !== DONE && this.componentOf.get(edge.to) !== component) stay.exitEntries.push(edge.to);
        }
      }
      stays.set(entry, stay);
      const inComponent = explored.staysIn.get(component);
      if (inComponent) inComponent.push(stay);
      else explored.staysIn.set(component, [stay]);
      return stay;
    };
    const stack: Array<{ stay: Stay; next: number }> = [{ stay: open(this.graph.start), next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const entry = frame.stay.exitEntries[frame.next++];
      if (entry === undefined) {
        frame.stay.exits = frame.stay.exitEntries.map((target) => stays.get(target)!);
        explored.postorder.push(frame.stay);
        stack.pop();
        continue;
      }
      if (!stays.has(entry)) stack.push({ stay: open(entry), next: 0 });
    }
    return explored;
  }

  /** Upper bounds on the visits of each node of `entry`'s SCC during one stay that begins at `entry`. */
  visitsWithin(entry: string): Map<string, number> {
    const cached = this.withinCache.get(entry);
    if (cached) return cached;
    const component = this.componentOf.get(entry)!;
    if (component.nodes.length === 1 && !this.internalEdges.has(component)) {
      // A node on no loop: one stay is one visit (what the general case computes, without its indexes).
      const once = new Map([[entry, 1]]);
      this.withinCache.set(entry, once);
      return once;
    }
    const inside = this.insideOf(component);
    const { bounded } = inside;
    let caps = new Map(bounded.map((edge) => [edge.id, edge.limit!]));
    let solved = this.solveFree(entry, inside, caps);
    // Each round keeps an upper bound and can only lower it; a few rounds settle real flows.
    for (let round = 0; round < 100; round++) {
      const next = new Map(
        bounded.map((edge) => {
          const max = edge.limit!;
          return [edge.id, edge.from === edge.to ? max : Math.min(max, solved.arrivals.get(edge.from) ?? 0)];
        }),
      );
      if ([...next].every(([id, cap]) => caps.get(id) === cap)) break;
      caps = next;
      solved = this.solveFree(entry, inside, caps);
    }
    this.withinCache.set(entry, solved.visits);
    return solved.visits;
  }

  /** An SCC's internal transitions, indexed by target, and the order of its free parts: built once per SCC. */
  private insideOf(component: Component): Inside {
    const known = this.insides.get(component);
    if (known) return known;
    const bounded: FlowEdge[] = [];
    const freeOut = new Map<string, string[]>();
    const boundedInto = new Map<string, FlowEdge[]>();
    const freeInto = new Map<string, FlowEdge[]>();
    const append = <T,>(index: Map<string, T[]>, key: string, value: T): void => {
      const list = index.get(key);
      if (list) list.push(value);
      else index.set(key, [value]);
    };
    for (const edge of this.internalEdges.get(component) ?? []) {
      if (edge.limit !== undefined) {
        bounded.push(edge);
        append(boundedInto, edge.to, edge);
      } else {
        append(freeOut, edge.from, edge.to);
        append(freeInto, edge.to, edge);
      }
    }
    // Tarjan lists sinks first; walk sources first.
    const order = stronglyConnectedComponents(new Set(component.nodes), (id) => freeOut.get(id) ?? []).reverse();
    const inside: Inside = { bounded, boundedInto, freeInto, order };
    this.insides.set(component, inside);
    return inside;
  }

  /**
   * Visits given fixed counts for bounded transitions: exact along acyclic free transitions,
   * infinite on free cycles. A self-loop adds visits but no way out: every visit ends in the
   * self-loop, another exit, or the end of the run, so the exits other than the self-loop are
   * at most the visits that arrived from elsewhere (`arrivals`), and they carry only those on.
   */
  private solveFree(
    entry: string,
    { boundedInto, freeInto, order }: Inside,
    caps: Map<string, number>,
  ): { visits: Map<string, number>; arrivals: Map<string, number> } {
    const visits = new Map<string, number>();
    const arrivals = new Map<string, number>();
    for (const component of order) {
      const inside = component.nodes.length > 1 ? new Set(component.nodes) : undefined;
      let inflow = 0;
      let selfLoops = 0;
      for (const id of component.nodes) {
        if (id === entry) inflow += 1;
        for (const edge of boundedInto.get(id) ?? []) {
          if (edge.from === id) selfLoops += caps.get(edge.id) ?? 0;
          else inflow += caps.get(edge.id) ?? 0;
        }
        for (const edge of freeInto.get(id) ?? []) {
          if (edge.from !== id && !inside?.has(edge.from)) inflow += arrivals.get(edge.from) ?? 0;
        }
      }
      const unbounded = component.cyclic && inflow > 0;
      const key = component.nodes.join();
      if (unbounded && !this.unboundedKeys.has(key)) {
        this.unboundedKeys.add(key);
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

/** An SCC's internal transitions: the bounded ones, and both kinds by target, with its free parts sources first. */
interface Inside {
  bounded: FlowEdge[];
  boundedInto: Map<string, FlowEdge[]>;
  freeInto: Map<string, FlowEdge[]>;
  order: Component[];
}

/** A run's one stay in an SCC, entered at `entry`: how often it visits each node there, and where it can go next. */
interface Stay {
  entry: string;
  visits: Map<string, number>;
  /** Entries of the later SCCs reachable from the nodes this stay visits, one per transition, in order. */
  exitEntries: string[];
  /** The stays those entries begin (set once they are all explored). */
  exits: Stay[];
}

interface Exploration {
  /** Every stay a run can make, each after the stays it can lead to; the start's stay last. */
  postorder: Stay[];
  staysIn: Map<Component, Stay[]>;
}

/** Multiplication where zero times anything (Infinity included) is zero: no visits cost nothing. */
export function times(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}
