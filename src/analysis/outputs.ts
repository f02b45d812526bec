import type { Agent, FlowNode, OutputFieldType, ParallelNode, ValueRef, WorkflowIR } from '../ir/schema.js';

/**
 * What a guard or a map may read from a node's recorded output (see docs/machine.md,
 * "Outputs"): an agent's declared fields (or `text` when an LLM agent declares none; a
 * function agent without declared output is not checked, as the language does), a map's
 * list of results, a human step's answer fields. A parallel node records nothing
 * itself; its branch steps record theirs under their agent's name.
 */
export type FieldType = OutputFieldType;

export type RefTarget =
  | {
      kind: 'node';
      id: string;
      fields: Record<string, FieldType> | undefined;
      what: string;
      /** The answers a human `choice` step offers. */
      options?: string[];
      /** Set when the output is itself a list (a map's results), rather than an object with fields. */
      list?: true;
      /** Fields declared with their values (`next: "a" | "b"`), by name. */
      values?: Record<string, string[]>;
    }
  | { kind: 'step'; id: string; parallel: ParallelNode; fields: Record<string, FieldType> | undefined; what: string; values?: Record<string, string[]> };

/** An agent's fields that take listed values (`next: "a" | "b"`): the IR's list is the one list a guard is checked against. */
export function agentValues(agent: Agent): Record<string, string[]> {
  return Object.fromEntries((agent.output ?? []).flatMap((field) => (field.values ? [[field.name, field.values]] : [])));
}

/** Undefined when unknown: a function agent that declares no output returns whatever its code returns. */
export function agentFields(agent: Agent): Record<string, FieldType> | undefined {
  if (!agent.output) return agent.kind === 'function' ? undefined : { text: 'string' };
  return Object.fromEntries(agent.output.map((field) => [field.name, field.type]));
}

/** The flow's nodes, agents and parallel steps by name, so resolving a reference costs the same in any size of flow. */
export interface OutputIndex {
  agents: Map<string, Agent>;
  /** The first node with each id, as a lookup in `flow.nodes` in order finds it. */
  nodes: Map<string, FlowNode>;
  /** For each step name, the first parallel node (in flow order) with a branch that runs it. */
  regionOf: Map<string, ParallelNode>;
}

export function indexOutputs(ir: WorkflowIR): OutputIndex {
  const agents = new Map(ir.agents.map((agent) => [agent.name, agent]));
  const nodes = new Map<string, FlowNode>();
  const regionOf = new Map<string, ParallelNode>();
  for (const node of ir.flow.nodes) {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
    if (node.kind !== 'parallel') continue;
    for (const branch of node.branches) for (const step of branch.steps) if (!regionOf.has(step)) regionOf.set(step, node);
  }
  return { agents, nodes, regionOf };
}

/** Finds what a reference's first name denotes: a node of the flow, or a step of a parallel branch. */
export function resolveRef(index: OutputIndex, name: string): RefTarget | undefined {
  const node = index.nodes.get(name);
  if (node) {
    switch (node.kind) {
      case 'agent': {
        const agent = index.agents.get(node.agent);
        return { kind: 'node', id: node.id, fields: agent && agentFields(agent), what: `agent ${node.agent}`, ...(agent ? { values: agentValues(agent) } : {}) };
      }
      case 'map':
        return { kind: 'node', id: node.id, fields: {}, what: `map ${node.id}`, list: true };
      case 'human':
        return { kind: 'node', id: node.id, fields: humanFields(node.ask), what: `human step ${node.id}`, options: node.options };
      case 'parallel':
        return { kind: 'node', id: node.id, fields: {}, what: `parallel region ${node.id}` };
    }
  }
  const parallel = index.regionOf.get(name);
  const agent = index.agents.get(name);
  if (!parallel || !agent) return undefined;
  return { kind: 'step', id: name, parallel, fields: agentFields(agent), what: `agent ${name}`, values: agentValues(agent) };
}

function humanFields(ask: 'approval' | 'choice' | 'text'): Record<string, FieldType> {
  switch (ask) {
    case 'approval':
      return { approved: 'boolean' };
    case 'choice':
      return { choice: 'string' };
    case 'text':
      return { text: 'string' };
  }
}

/** The type a reference's whole path denotes, or why it denotes nothing. */
export type PathType = { ok: true; type: FieldType | 'length' } | { ok: false; problem: string };

export function typeOfPath(target: RefTarget, ref: ValueRef): PathType {
  if (target.kind === 'node' && target.list) {
    if (ref.path.length === 0) return { ok: true, type: 'string[]' };
    if (ref.path.length === 1 && ref.path[0] === 'length') return { ok: true, type: 'length' };
    return { ok: false, problem: `${target.what} records the list of its results; only \`.length\` can follow \`${ref.node}\`` };
  }
  const fields = target.fields ?? {};
  const [field, ...rest] = ref.path;
  if (field === undefined) return { ok: false, problem: `\`${ref.node}\` needs a field: ${offer(fields)}` };
  // Own fields only: `constructor` and the like are not output fields.
  const type = Object.hasOwn(fields, field) ? fields[field] : undefined;
  if (type === undefined) return { ok: false, problem: `${target.what} has no output field \`${field}\`; ${offer(fields)}` };
  if (rest.length === 0) return { ok: true, type };
  const hasLength = type === 'string' || type.endsWith('[]');
  if (rest.length === 1 && rest[0] === 'length' && hasLength) return { ok: true, type: 'length' };
  return { ok: false, problem: `\`${field}\` is a ${type}; ${hasLength ? 'only `.length` can follow it' : 'nothing can follow it'}` };
}

/** The fields a node offers, for a message; built only when a reference is wrong. */
function offer(fields: Record<string, FieldType>): string {
  const known = Object.keys(fields);
  return known.length > 0 ? `it has ${known.map((name) => `\`${name}\``).join(', ')}` : 'it records no fields';
}
