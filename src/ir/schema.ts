import { z } from 'zod';
import { ModelRef } from './model-ref.js';
import { Sampling } from './sampling.js';

/**
 * The IR: the only thing the runtime knows about a workflow. It is plain JSON,
 * versioned, and fully resolved (imports inlined, policies merged into channels,
 * paths absolute), so the runtime never needs the source or the AST.
 */
export const IR_VERSION = 1 as const;

/** 1-based source range, kept so runtime errors can point at the line that caused them. */
export const SourceLoc = z.object({
  file: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  endLine: z.number().int().min(1),
  endColumn: z.number().int().min(1),
});
export type SourceLoc = z.infer<typeof SourceLoc>;

const Tokens = z.number().int().positive();
const Name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);

export const ChannelMode = z.enum(['text', 'latent', 'hybrid']);
export type ChannelMode = z.infer<typeof ChannelMode>;

export const OverflowPolicy = z.enum(['truncate', 'compress', 'drop', 'fail']);
export type OverflowPolicy = z.infer<typeof OverflowPolicy>;

export const Device = z.enum(['auto', 'cpu', 'webgpu', 'cuda']);
export type Device = z.infer<typeof Device>;

export const Coordinator = z.object({
  /** "builtin" for the shipped model, otherwise an absolute path to an .onnx file. */
  model: z.string(),
  device: Device,
});
export type Coordinator = z.infer<typeof Coordinator>;

export const Compress = z.discriminatedUnion('method', [
  z.object({ method: z.literal('none') }),
  z.object({
    method: z.literal('squeeze'),
    /** Fraction of the original tokens to aim for, in (0, 1]. */
    target: z.number().gt(0).lte(1).optional(),
    /** Rule-based aggressiveness, 0 (whitespace only) to 3 (most aggressive). */
    level: z.number().int().min(0).max(3).optional(),
    /** "provider:model" of an LLM that rewrites the message; its tokens are charged to the channel. */
    via: z.string().optional(),
  }),
]);
export type Compress = z.infer<typeof Compress>;

export const OutputFieldType = z.enum(['string', 'number', 'boolean', 'string[]', 'number[]', 'boolean[]']);
export type OutputFieldType = z.infer<typeof OutputFieldType>;

export const OutputField = z.object({
  name: Name,
  type: OutputFieldType,
  /** `next: "researcher" | "coder"`: the only values the field takes (type `string`); guards are checked against them. */
  values: z.array(z.string()).min(1).optional(),
});
export type OutputField = z.infer<typeof OutputField>;

const AgentBase = z.object({
  name: Name,
  role: z.string().optional(),
  budget: z.object({ perTurn: Tokens.optional(), total: Tokens.optional() }),
  /** Structured output; absent means the agent answers in free text (field `text`). */
  output: z.array(OutputField).optional(),
  /**
   * Tokens of the agent's own earlier turns and of the messages it received that it reads
   * again at each turn, newest kept first (runtime/run/memory.ts). Absent: no memory.
   */
  memory: Tokens.optional(),
  /** The template at the root of this agent's `from` chain (`agent pro from debater`); its settings are already merged in. */
  template: Name.optional(),
  loc: SourceLoc.optional(),
});

/** How much one tool may do in one turn of its agent; lowering fills in the defaults (src/ir/tools.ts). */
export const ToolLimits = z.object({
  /** Calls the model may make to this tool in one turn; further calls are answered with a refusal. */
  callsPerTurn: z.number().int().positive(),
  /** The most tokens one result may put into the agent's context; a longer result is cut. */
  resultTokens: Tokens,
});
export type ToolLimits = z.infer<typeof ToolLimits>;

/** The MCP transports coord speaks, as written after `mcp` in a tool declaration. */
export const McpTransport = z.enum(['stdio', 'http']);
export type McpTransport = z.infer<typeof McpTransport>;

/** Where a tool's code runs: a TypeScript/JavaScript module, or an MCP server (whose tools it offers). */
export const ToolSource = z.discriminatedUnion('kind', [
  /** Absolute path of the module, resolved against the .coord file that declared it. */
  z.object({ kind: z.literal('function'), module: z.string() }),
  /** A server coord starts and talks to over its stdin and stdout; `cwd` is the .coord file's folder. */
  z.object({ kind: z.literal('mcp-stdio'), command: z.string(), args: z.array(z.string()), cwd: z.string() }),
  /** A running server reached over MCP's streamable HTTP transport. */
  z.object({ kind: z.literal('mcp-http'), url: z.string() }),
]);
export type ToolSource = z.infer<typeof ToolSource>;

export const Tool = z.object({ name: Name, source: ToolSource, limits: ToolLimits, loc: SourceLoc.optional() });
export type Tool = z.infer<typeof Tool>;

export const LlmAgent = AgentBase.extend({
  kind: z.literal('llm'),
  provider: z.string(),
  model: z.string(),
  /** Tools the model may call during a turn (absent: none). */
  tools: z.array(Tool).optional(),
  /** Models tried in order when a turn on `provider:model` fails for a reason another model could avoid. */
  fallback: z.array(ModelRef).optional(),
  sampling: Sampling.optional(),
});
export const FunctionAgent = AgentBase.extend({
  kind: z.literal('function'),
  /** Absolute path of the module, resolved against the .coord file that declared it. */
  module: z.string(),
});
export const Agent = z.discriminatedUnion('kind', [LlmAgent, FunctionAgent]);
export type Agent = z.infer<typeof Agent>;
export type LlmAgent = z.infer<typeof LlmAgent>;
export type FunctionAgent = z.infer<typeof FunctionAgent>;

export const Channel = z.object({
  /** "from->to"; unique within a workflow. */
  id: z.string(),
  /** An agent, or a human step whose answer goes to the receiver as a message. */
  from: Name,
  to: Name,
  mode: ChannelMode,
  /** Name of the policy the channel uses, kept for reports; its settings are already merged in. */
  policy: Name.optional(),
  budget: z.object({ perMessage: Tokens.optional(), perRun: Tokens.optional() }),
  /** Tokens the receiver may read per turn from a latent or hybrid readout. */
  readout: Tokens.optional(),
  /**
   * At most this many sentences (runtime/text/segment.ts) per message: a longer turn goes out
   * as several messages, in order, each written, gated and budgeted on its own. Absent: one
   * message per turn.
   */
  split: z.object({ sentences: z.number().int().positive() }).optional(),
  compress: Compress,
  overflow: OverflowPolicy,
  /** Guard id in `flow.guards`: a message goes on the channel only when it holds, the sender's new output included. */
  when: z.string().optional(),
  loc: SourceLoc.optional(),
});
export type Channel = z.infer<typeof Channel>;

/**
 * A shared conversation: every message a member sends goes into one transcript, and at each
 * of its turns a member reads the transcript's latest messages (its own included), newest
 * kept first, within `window` tokens (runtime/channels/conversation.ts). Budgets: per
 * message (what one message may carry), per run (all the conversation delivers) and per
 * member (all one member reads from it).
 */
export const Conversation = z.object({
  id: Name,
  members: z.array(Name).min(2),
  window: Tokens,
  /**
   * `text`: members read the transcript. `latent`: messages go into the coordinator's memory
   * and a member reads a readout of it (at most `readout` tokens, else `window`). `hybrid`:
   * the coordinator's gate puts each message in the transcript or in memory.
   */
  mode: ChannelMode.default('text'),
  readout: Tokens.optional(),
  budget: z.object({ perMessage: Tokens.optional(), perRun: Tokens.optional(), perMember: Tokens.optional() }),
  loc: SourceLoc.optional(),
});
export type Conversation = z.infer<typeof Conversation>;

/** A reference to a value produced earlier in the run, e.g. planner.questions.length. */
export const ValueRef = z.object({ node: Name, path: z.array(z.string()) });
export type ValueRef = z.infer<typeof ValueRef>;

export const Literal = z.union([z.string(), z.number(), z.boolean()]);
export type Literal = z.infer<typeof Literal>;

/** What a comparison's right side is: a literal, or another value of the run (`a.verdict == b.verdict`). */
export const Operand = z.union([Literal, ValueRef]);
export type Operand = z.infer<typeof Operand>;

/** `contains`: a string holds a substring, or a list holds an element. */
export const CompareOp = z.enum(['==', '!=', '<', '<=', '>', '>=', 'contains']);
export type CompareOp = z.infer<typeof CompareOp>;

export type Expr =
  | { kind: 'compare'; left: ValueRef; op: CompareOp; right: Operand }
  | { kind: 'truthy'; ref: ValueRef }
  | { kind: 'not'; arg: Expr }
  | { kind: 'and'; args: Expr[] }
  | { kind: 'or'; args: Expr[] };
export const Expr: z.ZodType<Expr> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('compare'),
      left: ValueRef,
      op: CompareOp,
      right: Operand,
    }),
    z.object({ kind: z.literal('truthy'), ref: ValueRef }),
    z.object({ kind: z.literal('not'), arg: Expr }),
    z.object({ kind: z.literal('and'), args: z.array(Expr).min(2) }),
    z.object({ kind: z.literal('or'), args: z.array(Expr).min(2) }),
  ]),
);

/** The end of the flow. Transitions to it finish the run successfully. */
export const DONE = 'done' as const;

export const Transition = z.object({
  /** A node id, or "done". */
  to: z.string(),
  /** Guard id in `flow.guards`; absent means "otherwise". */
  guard: z.string().optional(),
  /** How many times this transition may be taken in one run (loop bound). */
  max: z.number().int().positive().optional(),
  loc: SourceLoc.optional(),
});
export type Transition = z.infer<typeof Transition>;

/** One agent turn. */
export const AgentNode = z.object({
  kind: z.literal('agent'),
  id: Name,
  agent: Name,
  next: z.array(Transition),
  loc: SourceLoc.optional(),
});

/** A chain of agents inside a parallel region; it finishes after its last step. */
export const Branch = z.object({ id: Name, steps: z.array(Name).min(1) });
export type Branch = z.infer<typeof Branch>;

/** Several branches that start together; the join waits for all of them, or for the first. */
export const ParallelNode = z.object({
  kind: z.literal('parallel'),
  id: Name,
  branches: z.array(Branch).min(2),
  join: z.enum(['all', 'first']),
  next: z.array(Transition),
  loc: SourceLoc.optional(),
});

/** The same agent once per item of a list produced earlier; results in item order. */
export const MapNode = z.object({
  kind: z.literal('map'),
  id: Name,
  agent: Name,
  over: ValueRef,
  max: z.number().int().positive(),
  concurrency: z.number().int().positive(),
  onItemFailure: z.enum(['fail', 'drop']),
  next: z.array(Transition),
  loc: SourceLoc.optional(),
});

/** A person in the flow: approval, a choice among named options, or free text. */
export const HumanNode = z.object({
  kind: z.literal('human'),
  id: Name,
  ask: z.enum(['approval', 'choice', 'text']),
  prompt: z.string(),
  options: z.array(z.string()).optional(),
  /** Milliseconds to wait before `onTimeout` is taken. */
  timeoutMs: z.number().int().positive().optional(),
  onTimeout: z.string().optional(),
  next: z.array(Transition),
  loc: SourceLoc.optional(),
});

export const FlowNode = z.discriminatedUnion('kind', [AgentNode, ParallelNode, MapNode, HumanNode]);
export type FlowNode = z.infer<typeof FlowNode>;
export type AgentNode = z.infer<typeof AgentNode>;
export type ParallelNode = z.infer<typeof ParallelNode>;
export type MapNode = z.infer<typeof MapNode>;
export type HumanNode = z.infer<typeof HumanNode>;

/**
 * `loop max N { a, b }`: the transitions into these nodes, from anywhere (from one another and
 * self-loops included), are taken at most `max` times in all in one run; once they have been,
 * they are passed over as an exhausted `max` is. `id` ("loop#1", in source order) keys its count.
 */
export const LoopLimit = z.object({
  id: z.string().regex(/^loop#\d+$/),
  nodes: z.array(Name).min(1),
  max: z.number().int().positive(),
  loc: SourceLoc.optional(),
});
export type LoopLimit = z.infer<typeof LoopLimit>;

export const Flow = z.object({
  start: Name,
  nodes: z.array(FlowNode).min(1),
  guards: z.record(z.string(), Expr),
  /** Limits shared by the transitions within a group of nodes; absent when the flow has none. */
  loops: z.array(LoopLimit).optional(),
});
export type Flow = z.infer<typeof Flow>;

export const WorkflowIR = z.object({
  irVersion: z.literal(IR_VERSION),
  name: Name,
  /** Absolute path of the root .coord file and the sha256 of every source that went into it. */
  source: z.object({ file: z.string(), sha256: z.string() }),
  budget: z.object({ total: Tokens.optional() }),
  coordinator: Coordinator.optional(),
  agents: z.array(Agent),
  channels: z.array(Channel),
  conversations: z.array(Conversation).optional(),
  flow: Flow,
});
export type WorkflowIR = z.infer<typeof WorkflowIR>;
