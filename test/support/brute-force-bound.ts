import fc from 'fast-check';
import { DONE, type WorkflowIR } from '../../src/ir/schema.js';
import { expr, ref, to, workflow, type TransitionSpec } from './ir-builder.js';

/**
 * Brute force for the budget bound's soundness tests: every run the flow allows (any
 * transition whose `max` and loop limit are not used up, or stopping anywhere), priced
 * exactly. The static bound must never be below it.
 */
export function exhaustiveWorstCase(ir: WorkflowIR): number {
  const cost = new Map(ir.agents.map((agent) => [agent.name, agent.budget.perTurn!]));
  const nodes = new Map(ir.flow.nodes.map((node) => [node.id, node]));
  const loopOf = new Map((ir.flow.loops ?? []).flatMap((loop) => loop.nodes.map((node) => [node, loop] as const)));
  let worst = 0;
  const visit = (id: string, spent: number, counts: Map<string, number>): void => {
    const node = nodes.get(id)!;
    const here = spent + (node.kind === 'agent' ? cost.get(node.agent)! : 0);
    worst = Math.max(worst, here);
    node.next.forEach((transition, index) => {
      if (transition.to === DONE) return;
      const key = `${id}#${index}`;
      const loop = loopOf.get(transition.to);
      if (transition.max !== undefined && (counts.get(key) ?? 0) >= transition.max) return;
      if (loop && (counts.get(loop.id) ?? 0) >= loop.max) return;
      const next = new Map(counts).set(key, (counts.get(key) ?? 0) + 1);
      if (loop) next.set(loop.id, (counts.get(loop.id) ?? 0) + 1);
      visit(transition.to, here, next);
    });
  };
  visit(ir.flow.start, 0, new Map());
  return worst;
}

const name = (i: number) => `n${i}`;

/** Random flows of up to five agents with random transitions (some with a `max`), each agent able to stop. */
export function randomFlow(minSize = 1): fc.Arbitrary<WorkflowIR> {
  return randomFlowParts(minSize).map(({ size, costs, edges }) => flowOf(size, costs, edges));
}

/** Random flows as above, with one `loop max N` over some of their agents. */
export function randomFlowWithLoop(): fc.Arbitrary<WorkflowIR> {
  return fc
    .record({ parts: randomFlowParts(2), members: fc.uniqueArray(fc.nat(4), { minLength: 1, maxLength: 4 }), max: fc.integer({ min: 1, max: 4 }) })
    .map(({ parts: { size, costs, edges }, members, max }) => {
      const ir = flowOf(size, costs, edges);
      ir.flow.loops = [{ id: 'loop#1', nodes: [...new Set(members.map((m) => name(m % size)))], max }];
      return ir;
    });
}

type Edge = { from: number; to: number; max: number | undefined };

function randomFlowParts(minSize: number) {
  return fc.record({
    size: fc.integer({ min: minSize, max: 5 }),
    costs: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 5, maxLength: 5 }),
    edges: fc.array(fc.record({ from: fc.nat(4), to: fc.nat(5), max: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }) }), { maxLength: 9 }),
  });
}

function flowOf(size: number, costs: number[], edges: Edge[]): WorkflowIR {
  let builder = workflow();
  for (let i = 0; i < size; i++) builder = builder.agent(name(i), { perTurn: costs[i]! });
  for (let i = 0; i < size; i++) {
    const out: TransitionSpec[] = edges
      .filter((edge) => edge.from % size === i)
      .map((edge) => ({ to: edge.to >= size ? DONE : name(edge.to), max: edge.max, when: expr.truthy(ref(name(i), 'text')) }));
    builder = builder.step(name(i), ...out, to(DONE));
  }
  return builder.build();
}
