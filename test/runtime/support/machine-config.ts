import type { FlowNode, Transition, WorkflowIR } from '../../../src/ir/schema.js';

/**
 * A machine config built by hand from an IR, following docs/machine.md, so the
 * runtime can be tested on its own. The real compiler is src/compile/machine.ts.
 */
export function machineConfigFor(ir: WorkflowIR): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  for (const node of ir.flow.nodes) states[node.id] = stateFor(ir, node);
  states.done = { type: 'final', tags: ['done'] };
  states.failed = { type: 'final', tags: ['failed'] };
  return { id: ir.name, initial: ir.flow.start, context: { outputs: {}, counts: {} }, states };
}

function transitions(from: string, next: Transition[]): unknown[] {
  return [
    ...next.map((t, i) => ({
      target: t.to,
      ...(t.to === from ? { reenter: true } : {}),
      guard: { type: 'flowGuard', params: { transition: `${from}#${i}`, node: from, ...(t.guard ? { guard: t.guard } : {}), ...(t.max ? { max: t.max } : {}) } },
      actions: [
        { type: 'recordOutput', params: { node: from } },
        { type: 'countTransition', params: { transition: `${from}#${i}` } },
      ],
    })),
    { target: 'failed', actions: [{ type: 'noTransition', params: { node: from } }] },
  ];
}

function stateFor(ir: WorkflowIR, node: FlowNode): unknown {
  switch (node.kind) {
    case 'agent':
      return {
        tags: ['agent'],
        meta: { kind: 'agent', agent: node.agent },
        invoke: { id: node.id, src: 'agentTurn', input: { node: node.id, agent: node.agent }, onDone: transitions(node.id, node.next), onError: { target: 'failed' } },
      };
    case 'map':
      return {
        tags: ['map'],
        invoke: {
          id: node.id,
          src: 'mapItems',
          input: { node: node.id, agent: node.agent, over: node.over, max: node.max, concurrency: node.concurrency, onItemFailure: node.onItemFailure },
          onDone: transitions(node.id, node.next),
          onError: { target: 'failed' },
        },
      };
    case 'human':
      return {
        tags: ['human'],
        invoke: {
          id: node.id,
          src: 'humanInput',
          input: { node: node.id, ask: node.ask, prompt: node.prompt, ...(node.options ? { options: node.options } : {}) },
          onDone: transitions(node.id, node.next),
          onError: { target: 'failed' },
        },
      };
    case 'parallel':
      return {
        type: 'parallel',
        tags: ['parallel'],
        states: Object.fromEntries(
          node.branches.map((branch) => [
            branch.id,
            {
              initial: branch.steps[0],
              states: {
                ...Object.fromEntries(
                  branch.steps.map((step, i) => [
                    step,
                    {
                      invoke: {
                        id: `${node.id}/${branch.id}/${step}`,
                        src: 'agentTurn',
                        input: { node: step, agent: step, scope: `${node.id}/${branch.id}` },
                        onDone: { target: branch.steps[i + 1] ?? 'end', actions: [{ type: 'recordOutput', params: { node: step } }] },
                        onError: { target: `#${ir.name}.failed` },
                      },
                    },
                  ]),
                ),
                end: { type: 'final' },
              },
            },
          ]),
        ),
        onDone: transitions(node.id, node.next),
      };
  }
}
