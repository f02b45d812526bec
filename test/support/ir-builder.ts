import {
  IR_VERSION,
  WorkflowIR,
  type Agent,
  type Channel,
  type Expr,
  type FlowNode,
  type OutputField,
  type SourceLoc,
  type Transition,
  type ValueRef,
} from '../../src/ir/schema.js';

/**
 * A small typed builder for hand-written IR in tests, so analysis and compiler tests never
 * wait for the parser. Every node and transition gets a distinct, predictable `loc`
 * (one line each, in the order they were added) so tests can assert exact ranges.
 */
export const TEST_FILE = '/virtual/test.coord';

export interface TransitionSpec {
  to: string;
  when?: Expr;
  max?: number;
}

let nextLine = 10;

function loc(): SourceLoc {
  const line = nextLine++;
  return { file: TEST_FILE, line, column: 3, endLine: line, endColumn: 30 };
}

export function ref(node: string, ...path: string[]): ValueRef {
  return { node, path };
}

export const expr = {
  gt: (left: ValueRef, right: number): Expr => ({ kind: 'compare', left, op: '>', right }),
  eq: (left: ValueRef, right: string | number | boolean): Expr => ({ kind: 'compare', left, op: '==', right }),
  cmp: (left: ValueRef, op: '==' | '!=' | '<' | '<=' | '>' | '>=', right: string | number | boolean): Expr => ({
    kind: 'compare',
    left,
    op,
    right,
  }),
  truthy: (r: ValueRef): Expr => ({ kind: 'truthy', ref: r }),
  not: (arg: Expr): Expr => ({ kind: 'not', arg }),
  and: (...args: Expr[]): Expr => ({ kind: 'and', args }),
  or: (...args: Expr[]): Expr => ({ kind: 'or', args }),
};

export interface AgentSpec {
  perTurn?: number;
  total?: number;
  output?: Record<string, OutputField['type']>;
  kind?: 'llm' | 'function';
}

export class IrBuilder {
  private readonly agents: Agent[] = [];
  private readonly channels: Channel[] = [];
  private readonly nodes: FlowNode[] = [];
  private readonly guards: Record<string, Expr> = {};
  private startNode = '';
  private total: number | undefined;

  constructor(private readonly name = 'w') {}

  budget(total: number): this {
    this.total = total;
    return this;
  }

  agent(name: string, spec: AgentSpec = {}): this {
    const budget = { perTurn: spec.perTurn, total: spec.total };
    const output = spec.output
      ? Object.entries(spec.output).map(([field, type]) => ({ name: field, type }))
      : undefined;
    const base = { name, budget, output, loc: loc() };
    this.agents.push(
      spec.kind === 'function'
        ? { ...base, kind: 'function', module: `/virtual/agents/${name}.ts` }
        : { ...base, kind: 'llm', provider: 'openai', model: 'gpt-4o-mini' },
    );
    return this;
  }

  channel(from: string, to: string, settings: Partial<Pick<Channel, 'mode' | 'readout' | 'budget' | 'compress' | 'split'>> = {}): this {
    this.channels.push({
      id: `${from}->${to}`,
      from,
      to,
      mode: settings.mode ?? 'text',
      budget: settings.budget ?? {},
      readout: settings.readout,
      ...(settings.split ? { split: settings.split } : {}),
      compress: settings.compress ?? { method: 'none' },
      overflow: 'truncate',
      loc: loc(),
    });
    return this;
  }

  start(node: string): this {
    this.startNode = node;
    return this;
  }

  /** An agent node whose id is the agent's name, as `planner -> writer` declares it. */
  step(id: string, ...next: TransitionSpec[]): this {
    this.nodes.push({ kind: 'agent', id, agent: id, next: [], loc: loc() });
    return this.edges(id, ...next);
  }

  parallel(id: string, join: 'all' | 'first', branches: Record<string, string[]>, ...next: TransitionSpec[]): this {
    this.nodes.push({
      kind: 'parallel',
      id,
      join,
      branches: Object.entries(branches).map(([branchId, steps]) => ({ id: branchId, steps })),
      next: [],
      loc: loc(),
    });
    return this.edges(id, ...next);
  }

  map(
    id: string,
    agent: string,
    over: ValueRef,
    options: { max?: number; concurrency?: number; onItemFailure?: 'fail' | 'drop' } = {},
    ...next: TransitionSpec[]
  ): this {
    this.nodes.push({
      kind: 'map',
      id,
      agent,
      over,
      max: options.max ?? 10,
      concurrency: options.concurrency ?? 2,
      onItemFailure: options.onItemFailure ?? 'fail',
      next: [],
      loc: loc(),
    });
    return this.edges(id, ...next);
  }

  human(
    id: string,
    ask: 'approval' | 'choice' | 'text',
    options: { options?: string[]; timeoutMs?: number; onTimeout?: string } = {},
    ...next: TransitionSpec[]
  ): this {
    this.nodes.push({
      kind: 'human',
      id,
      ask,
      prompt: `${id}?`,
      options: options.options,
      timeoutMs: options.timeoutMs,
      onTimeout: options.onTimeout,
      next: [],
      loc: loc(),
    });
    return this.edges(id, ...next);
  }

  /** Appends transitions to an existing node, in source order. */
  edges(from: string, ...next: TransitionSpec[]): this {
    const node = this.nodes.find((candidate) => candidate.id === from);
    if (!node) throw new Error(`ir-builder: no node ${from}`);
    for (const spec of next) node.next.push(this.transition(from, node.next.length, spec));
    return this;
  }

  private transition(from: string, index: number, spec: TransitionSpec): Transition {
    let guard: string | undefined;
    if (spec.when) {
      guard = `${from}#${index}`;
      this.guards[guard] = spec.when;
    }
    return { to: spec.to, guard, max: spec.max, loc: loc() };
  }

  build(): WorkflowIR {
    const ir: WorkflowIR = {
      irVersion: IR_VERSION,
      name: this.name,
      source: { file: TEST_FILE, sha256: '0'.repeat(64) },
      budget: { total: this.total },
      agents: this.agents,
      channels: this.channels,
      flow: { start: this.startNode || (this.nodes[0]?.id ?? ''), nodes: this.nodes, guards: this.guards },
    };
    // Parse so a malformed test IR fails loudly here instead of deep inside the code under test.
    return WorkflowIR.parse(JSON.parse(JSON.stringify(ir)));
  }
}

export function workflow(name?: string): IrBuilder {
  return new IrBuilder(name);
}

export function to(target: string, options: Omit<TransitionSpec, 'to'> = {}): TransitionSpec {
  return { to: target, ...options };
}
