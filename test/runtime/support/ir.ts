import { fileURLToPath } from 'node:url';
import type { Agent, Channel, FlowNode, WorkflowIR } from '../../../src/ir/schema.js';

/** Absolute path of a fixture function agent in test/runtime/fixtures/agents/. */
export function fixtureAgent(name: string): string {
  return fileURLToPath(new URL(`../fixtures/agents/${name}`, import.meta.url));
}

export function functionAgent(name: string, module: string, extra: Partial<Agent> = {}): Agent {
  return { kind: 'function', name, module: fixtureAgent(module), budget: {}, ...extra } as Agent;
}

export function textChannel(from: string, to: string, extra: Partial<Channel> = {}): Channel {
  return { id: `${from}->${to}`, from, to, mode: 'text', budget: {}, compress: { method: 'none' }, overflow: 'truncate', ...extra };
}

export function workflow(parts: { name?: string; total?: number; agents: Agent[]; channels?: Channel[]; nodes: FlowNode[]; guards?: WorkflowIR['flow']['guards']; start?: string }): WorkflowIR {
  return {
    irVersion: 1,
    name: parts.name ?? 'test_flow',
    source: { file: '/virtual/test.coord', sha256: '0'.repeat(64) },
    budget: parts.total !== undefined ? { total: parts.total } : {},
    agents: parts.agents,
    channels: parts.channels ?? [],
    flow: { start: parts.start ?? parts.nodes[0]!.id, nodes: parts.nodes, guards: parts.guards ?? {} },
  };
}

export function agentNode(id: string, next: FlowNode['next'], agent = id): FlowNode {
  return { kind: 'agent', id, agent, next };
}
