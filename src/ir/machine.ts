import { z } from 'zod';

/**
 * The contract between the compiler and the runtime: the XState v5 machine config that
 * src/compile/machine.ts produces from an IR and runtime/run/machine.ts runs
 * (docs/machine.md). It is plain JSON whose guards, actions and actors are named; the
 * names and their parameters are fixed here, so the compiler can emit only these and the
 * runtime's `setup({ guards, actions, actors })` must implement exactly these, both
 * checked by the type checker, and a machine.json read back from disk is checked by
 * this schema before it runs.
 */

const Name = z.string().min(1);

/** A `loop max N { … }` the transition is within: its count is kept under `id` (`loop#1`). */
const LoopParams = z.strictObject({ id: Name, max: z.number().int().positive() });

/** `flowGuard`: a transition's guard expression (by id in the IR's `flow.guards`) and loop bounds. */
export const FlowGuardParams = z.strictObject({
  /** The transition's id, `from#index`: its loop count is kept under it. */
  transition: Name,
  guard: Name.optional(),
  max: z.number().int().positive().optional(),
  /** The loop limit it shares with the other transitions within the same `loop`. */
  loop: LoopParams.optional(),
  /** Whose output the event carries, when not the transition's source (a `join first` branch's last step). */
  node: Name.optional(),
});
export type FlowGuardParams = z.infer<typeof FlowGuardParams>;

const NodeParams = z.strictObject({ node: Name });
/** `countTransition`: the transition taken, and the loop limit whose count it adds to. */
const TransitionParams = z.strictObject({ transition: Name, loop: Name.optional() });

export const GuardRef = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('flowGuard'), params: FlowGuardParams }),
  /** A human step whose output says it timed out. */
  z.strictObject({ type: z.literal('humanTimedOut'), params: NodeParams }),
]);
export type GuardRef = z.infer<typeof GuardRef>;

export const ActionRef = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('recordOutput'), params: NodeParams }),
  z.strictObject({ type: z.literal('countTransition'), params: TransitionParams }),
  /** No transition applied: the run fails, saying so. */
  z.strictObject({ type: z.literal('noTransition'), params: NodeParams }),
]);
export type ActionRef = z.infer<typeof ActionRef>;

export const TransitionConfig = z.strictObject({
  target: Name,
  guard: GuardRef.optional(),
  actions: z.array(ActionRef).optional(),
  /** Set on self-loops so the state is left and entered again, restarting its invoke. */
  reenter: z.literal(true).optional(),
});
export type TransitionConfig = z.infer<typeof TransitionConfig>;

export const AgentTurnInput = z.strictObject({ node: Name, agent: Name, scope: Name.optional() });
export type AgentTurnInput = z.infer<typeof AgentTurnInput>;

export const MapItemsInput = z.strictObject({
  node: Name,
  agent: Name,
  over: z.strictObject({ node: Name, path: z.array(z.string()) }),
  max: z.number().int().positive(),
  concurrency: z.number().int().positive(),
  onItemFailure: z.enum(['drop', 'fail']),
});
export type MapItemsInput = z.infer<typeof MapItemsInput>;

export const HumanInputInput = z.strictObject({
  node: Name,
  ask: z.enum(['approval', 'choice', 'text']),
  prompt: z.string(),
  options: z.array(z.string()).optional(),
});
export type HumanInputInput = z.infer<typeof HumanInputInput>;

const Exits = z.union([TransitionConfig, z.array(TransitionConfig)]);

export const InvokeConfig = z.discriminatedUnion('src', [
  z.strictObject({ id: Name, src: z.literal('agentTurn'), input: AgentTurnInput, onDone: Exits, onError: TransitionConfig }),
  z.strictObject({ id: Name, src: z.literal('mapItems'), input: MapItemsInput, onDone: Exits, onError: TransitionConfig }),
  z.strictObject({ id: Name, src: z.literal('humanInput'), input: HumanInputInput, onDone: Exits, onError: TransitionConfig }),
]);
export type InvokeConfig = z.infer<typeof InvokeConfig>;

/** The names each side must agree on: the guards, actions and actors a machine config may use. */
export type GuardName = GuardRef['type'];
export type ActionName = ActionRef['type'];
export type ActorName = InvokeConfig['src'];

export interface StateConfig {
  type?: 'parallel' | 'final';
  tags?: string[];
  /** What the state stands for (kind, agent, branch), for tools that read the machine; never interpreted. */
  meta?: Record<string, z.core.util.JSONType>;
  initial?: string;
  invoke?: InvokeConfig;
  onDone?: TransitionConfig[];
  states?: Record<string, StateConfig>;
}

export const StateConfig: z.ZodType<StateConfig> = z.lazy(() =>
  z.strictObject({
    type: z.enum(['parallel', 'final']).optional(),
    tags: z.array(z.string()).optional(),
    meta: z.record(z.string(), z.json()).optional(),
    initial: Name.optional(),
    invoke: InvokeConfig.optional(),
    onDone: z.array(TransitionConfig).optional(),
    states: z.record(Name, StateConfig).optional(),
  }),
);

export const MachineConfig = z.strictObject({
  id: Name,
  initial: Name,
  /** Every run starts with no outputs and no transition taken. */
  context: z.strictObject({ outputs: z.strictObject({}), counts: z.strictObject({}) }),
  states: z.record(Name, StateConfig),
});
export type MachineConfig = z.infer<typeof MachineConfig>;
