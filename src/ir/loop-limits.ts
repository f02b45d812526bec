import type { LoopLimit, WorkflowIR } from './schema.js';

/**
 * Each node's `loop max N { … }`, if it is in one: the first that names it (a node named by
 * two is reported, COORD130). The compiler and flow analysis both read loops through this,
 * so they agree on which transitions share a limit: every transition into one of its nodes.
 */
export function loopsByNode(ir: WorkflowIR): Map<string, LoopLimit> {
  const loops = new Map<string, LoopLimit>();
  for (const loop of ir.flow.loops ?? []) for (const node of loop.nodes) if (!loops.has(node)) loops.set(node, loop);
  return loops;
}


