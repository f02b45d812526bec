import {
  DONE,
  type AgentNode,
  type FlowNode,
  type HumanNode,
  type LoopLimit,
  type MapNode,
  type ParallelNode,
  type Transition,
  type WorkflowIR,
} from '../ir/schema.js';
import { loopsByNode } from '../ir/loop-limits.js';
import type { ActionRef, FlowGuardParams, HumanInputInput, MachineConfig, StateConfig, TransitionConfig } from '../ir/machine.js';

/**
 * IR → XState v5 machine config, exactly as docs/machine.md specifies: plain JSON whose
 * guards, actions and actors are named, so the runtime supplies their implementations
 * and the compiler never imports the runtime. Its shape and every name in it are the
 * contract in src/ir/machine.ts.
 */

/** The state every run ends in when something fails (an agent error, or no transition to take). */
export const FAILED = 'failed' as const;

/** The final state of a parallel branch; `$` keeps it apart from any agent name. */
export const BRANCH_END = '$end' as const;

export type { MachineConfig, StateConfig, TransitionConfig } from '../ir/machine.js';

/** Raised for an IR the machine cannot represent; analysis reports these as diagnostics first. */
export class MachineCompileError extends Error {
  override readonly name = 'MachineCompileError';
}

export function compileMachine(ir: WorkflowIR): MachineConfig {
  const ids = new Set(ir.flow.nodes.map((node) => node.id));
  for (const reserved of [DONE, FAILED]) {
    if (ids.has(reserved)) throw new MachineCompileError(`a node named \`${reserved}\` collides with the run's final state`);
  }
  if (!ids.has(ir.flow.start)) throw new MachineCompileError(`the flow starts at \`${ir.flow.start}\`, which is not a node`);
  const root = `#${ir.name}`;
  const states: { [key: string]: StateConfig } = {};
  const loops = loopsByNode(ir);
  for (const node of ir.flow.nodes) states[node.id] = compileNode(node, root, loops);
  states[DONE] = { type: 'final', tags: ['done'] };
  states[FAILED] = { type: 'final', tags: ['failed'] };
  return { id: ir.name, initial: ir.flow.start, context: { outputs: {}, counts: {} }, states };
}

function compileNode(node: FlowNode, root: string, loops: Map<string, LoopLimit>): StateConfig {
  switch (node.kind) {
    case 'agent':
      return compileAgent(node, loops);
    case 'map':
      return compileMap(node, loops);
    case 'human':
      return compileHuman(node, loops);
    case 'parallel':
      return compileParallel(node, root, loops);
  }
}

function compileAgent(node: AgentNode, loops: Map<string, LoopLimit>): StateConfig {
  return {
    tags: ['agent'],
    meta: { kind: 'agent', agent: node.agent },
    invoke: {
      id: node.id,
      src: 'agentTurn',
      input: { node: node.id, agent: node.agent },
      onDone: exits(node, { recordFrom: node.id, loops }),
      onError: { target: FAILED },
    },
  };
}

function compileMap(node: MapNode, loops: Map<string, LoopLimit>): StateConfig {
  return {
    tags: ['map'],
    meta: { kind: 'map', agent: node.agent },
    invoke: {
      id: node.id,
      src: 'mapItems',
      input: {
        node: node.id,
        agent: node.agent,
        over: { node: node.over.node, path: node.over.path },
        max: node.max,
        concurrency: node.concurrency,
        onItemFailure: node.onItemFailure,
      },
      onDone: exits(node, { recordFrom: node.id, loops }),
      onError: { target: FAILED },
    },
  };
}

function compileHuman(node: HumanNode, loops: Map<string, LoopLimit>): StateConfig {
  const input: HumanInputInput = { node: node.id, ask: node.ask, prompt: node.prompt, ...(node.options ? { options: node.options } : {}) };
  const onDone = exits(node, { recordFrom: node.id, loops });
  if (node.timeoutMs !== undefined) {
    // The runtime's timer is durable (an absolute deadline, journaled), so the timeout is one of the step's results, not an `after`.
    const target = node.onTimeout ?? DONE;
    onDone.unshift({
      target,
      guard: { type: 'humanTimedOut', params: { node: node.id } },
      actions: [{ type: 'countTransition', params: { transition: `${node.id}#timeout` } }],
      ...(target === node.id ? { reenter: true as const } : {}),
    });
  }
  return {
    tags: ['human'],
    meta: { kind: 'human', ask: node.ask },
    invoke: { id: node.id, src: 'humanInput', input, onDone, onError: { target: FAILED } },
  };
}

/**
 * Join all: each branch ends in a final state and the region's own `onDone` holds the exits.
 * Join first: there is no join; the last step of every branch holds the exits, so the first
 * branch to finish leaves the region and XState stops the others.
 */
function compileParallel(node: ParallelNode, root: string, loops: Map<string, LoopLimit>): StateConfig {
  const states: { [key: string]: StateConfig } = {};
  for (const branch of node.branches) {
    if (new Set(branch.steps).size !== branch.steps.length) {
      throw new MachineCompileError(`a branch of \`${node.id}\` runs the same agent twice (COORD203)`);
    }
    const steps: { [key: string]: StateConfig } = {};
    branch.steps.forEach((step, index) => {
      const following = branch.steps[index + 1];
      const record: ActionRef = { type: 'recordOutput', params: { node: step } };
      let onDone: TransitionConfig | TransitionConfig[];
      if (following !== undefined) onDone = { target: following, actions: [record] };
      else if (node.join === 'all') onDone = { target: BRANCH_END, actions: [record] };
      else onDone = exits(node, { recordFrom: step, targetPrefix: `${root}.`, loops });
      steps[step] = {
        tags: ['agent'],
        meta: { kind: 'agent', agent: step, parallel: node.id, branch: branch.id },
        invoke: {
          id: `${node.id}/${branch.id}/${step}`,
          src: 'agentTurn',
          input: { node: step, agent: step, scope: `${node.id}/${branch.id}` },
          onDone,
          onError: { target: `${root}.${FAILED}` },
        },
      };
    });
    if (node.join === 'all') steps[BRANCH_END] = { type: 'final' };
    states[branch.id] = { initial: branch.steps[0]!, states: steps };
  }
  const config: StateConfig = { type: 'parallel', tags: ['parallel'], meta: { kind: 'parallel', join: node.join }, states };
  if (node.join === 'all') config.onDone = exits(node, { loops });
  return config;
}

interface ExitOptions {
  /** The node whose output the completion event carries; absent for a join-all region, whose event carries none. */
  recordFrom?: string;
  /** Prefix for targets outside the current state, e.g. `#workflow.` from inside a parallel region. */
  targetPrefix?: string;
  /** Each node's loop limit, for the transitions within one. */
  loops: Map<string, LoopLimit>;
}

/** The node's transitions in source order, then the `noTransition` fallback to `failed`. */
function exits(node: FlowNode, options: ExitOptions): TransitionConfig[] {
  const prefix = options.targetPrefix ?? '';
  const transitions = node.next.map((transition, index) => exit(node, transition, index, options, prefix));
  transitions.push({ target: `${prefix}${FAILED}`, actions: [{ type: 'noTransition', params: { node: node.id } }] });
  return transitions;
}

function exit(node: FlowNode, transition: Transition, index: number, options: ExitOptions, prefix: string): TransitionConfig {
  const id = `${node.id}#${index}`;
  // Every transition into a loop's node counts against its limit.
  const within = options.loops.get(transition.to);
  const params: FlowGuardParams = {
    transition: id,
    ...(transition.guard !== undefined ? { guard: transition.guard } : {}),
    ...(transition.max !== undefined ? { max: transition.max } : {}),
    ...(options.recordFrom !== undefined ? { node: options.recordFrom } : {}),
    ...(within ? { loop: { id: within.id, max: within.max } } : {}),
  };
  const actions: ActionRef[] = [];
  if (options.recordFrom !== undefined) actions.push({ type: 'recordOutput', params: { node: options.recordFrom } });
  actions.push({ type: 'countTransition', params: { transition: id, ...(within ? { loop: within.id } : {}) } });
  const config: TransitionConfig = { target: `${prefix}${transition.to}`, guard: { type: 'flowGuard', params }, actions };
  // A self-loop must leave and re-enter the state so that its invoke runs again.
  if (transition.to === node.id) config.reenter = true;
  return config;
}
