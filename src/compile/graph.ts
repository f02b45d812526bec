import { exprText } from '../ir/expr-text.js';
import { DONE, type FlowNode, type ParallelNode, type WorkflowIR } from '../ir/schema.js';

/**
 * The flow as a flowchart, for `coord graph`: Mermaid or Graphviz DOT, from one neutral
 * description so both say the same thing. A parallel region is drawn as a fork node (its id),
 * its branch chains, and a join node that carries the region's transitions.
 */
interface GraphNode {
  id: string;
  label: string;
  shape: 'start' | 'end' | 'agent' | 'map' | 'human' | 'fork' | 'join' | 'step';
  /** The parallel region a branch step or join belongs to, drawn as a group. */
  group?: string;
}

interface GraphEdge {
  from: string;
  to: string;
  label?: string;
}

interface FlowChart {
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: Map<string, string>;
}

const START = '$start';
const END = '$done';

function joinId(parallel: string): string {
  return `${parallel}$join`;
}

function stepId(parallel: string, branch: string, step: string): string {
  return `${parallel}/${branch}/${step}`;
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function describe(node: FlowNode): { label: string; shape: GraphNode['shape'] } {
  switch (node.kind) {
    case 'agent':
      return { label: node.agent === node.id ? `${node.id}\nagent` : `${node.id}\nagent ${node.agent}`, shape: 'agent' };
    case 'map': {
      const over = [node.over.node, ...node.over.path].join('.');
      return { label: `${node.id}\nmap ${node.agent} over ${over}\nmax ${node.max}, ${node.concurrency} at a time`, shape: 'map' };
    }
    case 'human':
      return { label: `${node.id}\nhuman ${node.ask}: ${node.prompt}`, shape: 'human' };
    case 'parallel':
      return { label: `${node.id}\nparallel`, shape: 'fork' };
  }
}

function chart(ir: WorkflowIR): FlowChart {
  const nodes: GraphNode[] = [{ id: START, label: 'start', shape: 'start' }];
  const edges: GraphEdge[] = [{ from: START, to: ir.flow.start }];
  const groups = new Map<string, string>();
  for (const node of ir.flow.nodes) {
    nodes.push({ id: node.id, ...describe(node) });
    let exitsFrom = node.id;
    if (node.kind === 'parallel') {
      exitsFrom = joinId(node.id);
      addBranches(node, nodes, edges, groups);
    }
    node.next.forEach((transition) => {
      const guard = transition.guard === undefined ? undefined : ir.flow.guards[transition.guard];
      const parts = [guard ? `when ${exprText(guard)}` : undefined, transition.max === undefined ? undefined : `max ${transition.max}`];
      const label = parts.filter((part) => part !== undefined).join(' ');
      edges.push({ from: exitsFrom, to: transition.to === DONE ? END : transition.to, ...(label ? { label } : {}) });
    });
    if (node.kind === 'human' && node.timeoutMs !== undefined) {
      const target = node.onTimeout ?? DONE;
      edges.push({ from: node.id, to: target === DONE ? END : target, label: `timeout ${formatDuration(node.timeoutMs)}` });
    }
  }
  nodes.push({ id: END, label: 'done', shape: 'end' });
  return { name: ir.name, nodes, edges, groups };
}

function addBranches(node: ParallelNode, nodes: GraphNode[], edges: GraphEdge[], groups: Map<string, string>): void {
  groups.set(node.id, `parallel ${node.id}, join ${node.join}`);
  for (const branch of node.branches) {
    let previous = node.id;
    branch.steps.forEach((step, index) => {
      const id = stepId(node.id, branch.id, step);
      nodes.push({ id, label: step, shape: 'step', group: node.id });
      edges.push({ from: previous, to: id, ...(index === 0 ? { label: branch.id } : {}) });
      previous = id;
    });
    edges.push({ from: previous, to: joinId(node.id) });
  }
  nodes.push({ id: joinId(node.id), label: `join ${node.join}`, shape: 'join', group: node.id });
}

// ---- Mermaid ----

const MERMAID_SHAPES: Record<GraphNode['shape'], [string, string]> = {
  start: ['((', '))'],
  end: ['(((', ')))'],
  agent: ['[', ']'],
  step: ['[', ']'],
  map: ['[[', ']]'],
  human: ['[/', '/]'],
  fork: ['{{', '}}'],
  join: ['((', '))'],
};

/** Mermaid ids must avoid its keywords (`end`, `graph`...), so every id is rewritten to `n<index>`. */
export function toMermaid(ir: WorkflowIR): string {
  const { nodes, edges, groups } = chart(ir);
  const ids = new Map(nodes.map((node, index) => [node.id, `n${index}`]));
  const idOf = (id: string): string => ids.get(id) ?? `missing_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const text = (value: string): string =>
    `"${value.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\n/g, '<br/>')}"`;
  const line = (node: GraphNode): string => {
    const [open, close] = MERMAID_SHAPES[node.shape];
    return `${idOf(node.id)}${open}${text(node.label)}${close}`;
  };
  const out = ['flowchart TD'];
  for (const node of nodes.filter((candidate) => candidate.group === undefined)) out.push(`  ${line(node)}`);
  for (const [group, title] of groups) {
    out.push(`  subgraph ${idOf(group)}_region[${text(title)}]`);
    for (const node of nodes.filter((candidate) => candidate.group === group)) out.push(`    ${line(node)}`);
    out.push('  end');
  }
  for (const edge of edges) {
    const label = edge.label === undefined ? '' : `|${text(edge.label)}|`;
    out.push(`  ${idOf(edge.from)} -->${label} ${idOf(edge.to)}`);
  }
  return `${out.join('\n')}\n`;
}

// ---- Graphviz DOT ----

const DOT_SHAPES: Record<GraphNode['shape'], string> = {
  start: 'shape=circle, label="", width=0.25, style=filled, fillcolor=black',
  end: 'shape=doublecircle',
  agent: 'shape=box, style=rounded',
  step: 'shape=box, style=rounded',
  map: 'shape=box3d',
  human: 'shape=parallelogram',
  fork: 'shape=hexagon',
  join: 'shape=circle',
};

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function toDot(ir: WorkflowIR): string {
  const { name, nodes, edges, groups } = chart(ir);
  const out = [`digraph ${quote(name)} {`, '  rankdir=TB;', '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  const line = (node: GraphNode): string =>
    node.shape === 'start' ? `${quote(node.id)} [${DOT_SHAPES.start}];` : `${quote(node.id)} [${DOT_SHAPES[node.shape]}, label=${quote(node.label)}];`;
  for (const node of nodes.filter((candidate) => candidate.group === undefined)) out.push(`  ${line(node)}`);
  for (const [group, title] of groups) {
    out.push(`  subgraph ${quote(`cluster_${group}`)} {`, `    label=${quote(title)};`, '    style=dashed;');
    for (const node of nodes.filter((candidate) => candidate.group === group)) out.push(`    ${line(node)}`);
    out.push('  }');
  }
  for (const edge of edges) {
    const label = edge.label === undefined ? '' : ` [label=${quote(edge.label)}]`;
    out.push(`  ${quote(edge.from)} -> ${quote(edge.to)}${label};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
