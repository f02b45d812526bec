import { z } from 'zod';

/**
 * Everything that happens in a run, as typed events. The run log, `--json`,
 * the dashboard, the plain printer and the OpenTelemetry exporter all consume exactly these.
 * Published as JSON Schema (`coord schema events`, schemas/events.schema.json).
 */

/** The version of the event schema. Within a version, fields and event types are only ever added. */
export const EVENTS_VERSION = 1 as const;

export const BudgetScope = z.enum(['run', 'agent', 'turn', 'channel', 'message']);
export type BudgetScope = z.infer<typeof BudgetScope>;

/**
 * Built on first use (a parse, or the JSON Schema): a run writes its events without parsing them,
 * and only commands that read a journal back need the schema. Building its 30-odd object schemas
 * at import took about 8 ms of a run's start, before its first step.
 */
export const RunEvent = z.lazy(() => {
  const Base = z.object({
    runId: z.string(),
    /** Monotonic sequence number within a run. */
    seq: z.number().int().nonnegative(),
    /** Milliseconds since the run started. */
    t: z.number().nonnegative(),
    /** When the event happened, as an ISO 8601 UTC time; absent only in runs journaled before it was added. */
    at: z.iso.datetime().optional(),
    /** Set on everything produced by `--simulate` agents. */
    simulated: z.boolean().optional(),
    /** Parallel branch or map item this event belongs to, e.g. "review/branch0" or "summaries[3]". */
    scope: z.string().optional(),
  });

  const Usage = z.object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() });

  return z.discriminatedUnion('type', [
    Base.extend({
      type: z.literal('run.started'),
      /** EVENTS_VERSION of the events that follow; absent only in runs journaled before it was added. */
      eventsVersion: z.literal(EVENTS_VERSION).optional(),
      workflow: z.string(),
      irHash: z.string(),
      /** Budget limits the dashboard draws bars for: key is "run", "agent:<name>" or "channel:<id>". */
      budgets: z.record(z.string(), z.number().int().positive()),
      agents: z.array(z.string()),
      channels: z.array(z.object({ id: z.string(), from: z.string(), to: z.string(), mode: z.string() })),
    }),
    Base.extend({ type: z.literal('state.entered'), state: z.string() }),
    Base.extend({ type: z.literal('turn.started'), agent: z.string(), turn: z.number().int().nonnegative() }),
    Base.extend({
      type: z.literal('turn.finished'),
      agent: z.string(),
      turn: z.number().int().nonnegative(),
      usage: Usage,
      /** Provider-reported usage when it differed from our count; we charge the larger. */
      reportedUsage: Usage.optional(),
      /** What the ledger charged for the turn, every attempt included (per attempt, the larger of counted and reported). */
      charged: Usage.optional(),
      /** US dollars, where the model's price is known. */
      cost: z.number().nonnegative().optional(),
      /** The provider and model that answered (a fallback, when the agent's own model failed); absent for function and simulated agents. */
      provider: z.string().optional(),
      model: z.string().optional(),
      /** Why the model stopped: stop, length, content-filter, … as the AI SDK names it. */
      finishReason: z.string().optional(),
      output: z.unknown(),
    }),
    /** A tool call a turn made, announced when the turn settles (just before `turn.finished`). */
    Base.extend({
      type: z.literal('tool.called'),
      agent: z.string(),
      turn: z.number().int().nonnegative(),
      tool: z.string(),
      /** The `tool` declaration that provides it. */
      declared: z.string(),
      /** Tokens the result put into the agent's context (charged with the turn). */
      tokens: z.number().int().nonnegative(),
      status: z.enum(['ok', 'error', 'cut', 'refused']),
    }),
    Base.extend({
      type: z.literal('turn.retry'),
      agent: z.string(),
      attempt: z.number().int().positive(),
      reason: z.string(),
      delayMs: z.number().nonnegative(),
    }),
    Base.extend({
      type: z.literal('turn.failed'),
      agent: z.string(),
      error: z.string(),
      /** What the failed turn spent (charged to its budgets): failed and abandoned calls are not free. */
      usage: Usage.optional(),
    }),
    Base.extend({
      type: z.literal('message.sent'),
      channel: z.string(),
      from: z.string(),
      to: z.string(),
      mode: z.string(),
      /** Tokens of the full text the sender produced. */
      tokens: z.number().int().nonnegative(),
      /** Tokens that entered the receiver's context through this message. */
      delivered: z.number().int().nonnegative(),
    }),
    Base.extend({
      type: z.literal('message.overflow'),
      channel: z.string(),
      policy: z.string(),
      tokens: z.number().int().nonnegative(),
      limit: z.number().int().nonnegative(),
    }),
    Base.extend({
      type: z.literal('squeeze'),
      channel: z.string(),
      before: z.number().int().nonnegative(),
      after: z.number().int().nonnegative(),
      /** "squeeze:L<level>" (rules), "llm:<provider:model>" (a verified rewrite), or "dedupe" (segments the receiver already holds). */
      method: z.string(),
      removed: z.array(z.string()),
      /** A rewrite that was asked for but not used, and why (error, over-budget, lost-spans, unaffordable, …); `method` is then the rules'. */
      fallback: z.object({ reason: z.string(), detail: z.string() }).optional(),
      /** Tokens the rewrite call itself spent, charged to the channel whether or not its text was used. */
      usage: Usage.optional(),
      /** For "dedupe": each segment left out, with the one already held that it repeats. */
      dropped: z.array(z.object({ text: z.string(), similarity: z.number(), matched: z.string() })).optional(),
    }),
    Base.extend({
      type: z.literal('coordinator.step'),
      channel: z.string(),
      gate: z.enum(['text', 'latent']).optional(),
      segments: z.number().int().nonnegative(),
      overheadMs: z.number().nonnegative(),
    }),
    Base.extend({
      type: z.literal('coordinator.readout'),
      agent: z.string(),
      channel: z.string(),
      selected: z.number().int().nonnegative(),
      tokens: z.number().int().nonnegative(),
      limit: z.number().int().nonnegative(),
    }),
    Base.extend({
      type: z.literal('budget.reserved'),
      key: z.string(),
      tokens: z.number().int().nonnegative(),
      used: z.number().int().nonnegative(),
      limit: z.number().int().nonnegative().optional(),
    }),
    Base.extend({
      type: z.literal('budget.exceeded'),
      key: z.string(),
      level: BudgetScope,
      requested: z.number().int().nonnegative(),
      remaining: z.number().int(),
    }),
    Base.extend({
      type: z.literal('human.waiting'),
      node: z.string(),
      ask: z.enum(['approval', 'choice', 'text']),
      prompt: z.string(),
      options: z.array(z.string()).optional(),
      /** What the person decides on: the latest message of each step that leads to this one (the draft to approve). */
      about: z.array(z.object({ from: z.string(), text: z.string() })).optional(),
    }),
    Base.extend({ type: z.literal('human.answered'), node: z.string(), answer: z.unknown() }),
    /** Nobody answered by the deadline (`human.waiting` + `timeoutMs`): the step takes its timeout transition. */
    Base.extend({ type: z.literal('human.timedOut'), node: z.string(), timeoutMs: z.number().int().positive() }),
    Base.extend({ type: z.literal('run.paused') }),
    Base.extend({ type: z.literal('run.resumed') }),
    Base.extend({
      type: z.literal('run.finished'),
      outcome: z.enum(['done', 'failed', 'cancelled', 'budget_exhausted', 'waiting_for_input']),
      reason: z.string().optional(),
      tokens: z.number().int().nonnegative(),
      cost: z.number().nonnegative().optional(),
      wallMs: z.number().nonnegative(),
    }),
  ]);
});
export type RunEvent = z.infer<typeof RunEvent>;
export type RunEventType = RunEvent['type'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as a step or channel produces it; the run's event log adds the run id, sequence number and time. */
export type EventBody = DistributiveOmit<RunEvent, 'runId' | 'seq' | 't' | 'at'>;

export type Emit = (event: EventBody) => void;
