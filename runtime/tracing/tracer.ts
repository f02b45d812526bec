import { type Attributes, type Context, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Agent, WorkflowIR } from '../../src/ir/schema.js';
import type { RunEvent } from '../events.js';
import type { TracingSettings } from './settings.js';

/**
 * A run as OpenTelemetry spans, built from its events alone (like the dashboard, it only
 * reads them): one span for the run; under it one per flow step (a state the flow entered);
 * under a step, one per agent turn, human step and channel delivery; under a turn, one per tool call. A model turn follows the
 * GenAI semantic conventions (a "chat <model>" client span with gen_ai.* attributes); coord's
 * own facts (charged tokens, budgets, channels) are coord.* attributes. Spans carry the
 * events' own times, so a trace shows when things happened, not when they were exported.
 */

export interface RunTracer {
  onEvent(event: RunEvent): void;
  /** Ends what is still open and sends every span; call it once the run has returned. Says why, when spans could not be sent. */
  shutdown(): Promise<string | undefined>;
}

/** The OTLP/HTTP exporter, remembering the first failed export so the run can say its trace was lost. */
class OtlpExporter implements SpanExporter {
  private readonly inner: OTLPTraceExporter;
  failure: string | undefined;

  constructor(private readonly settings: TracingSettings) {
    this.inner = new OTLPTraceExporter({ url: settings.url, headers: settings.headers });
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) this.failure ??= `the trace was not sent to ${this.settings.url} (${result.error?.message ?? 'export failed'})`;
      done(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

/** The pipeline a tracer writes to; `failure` says whether what it sent arrived. */
export interface TraceSink {
  processor: SpanProcessor;
  failure(): string | undefined;
}

export function otlpSink(settings: TracingSettings): TraceSink {
  const exporter = new OtlpExporter(settings);
  return { processor: new BatchSpanProcessor({ exporter }), failure: () => exporter.failure };
}

const INSTRUMENTATION = 'coord';

function timeOf(event: RunEvent): Date {
  return event.at === undefined ? new Date() : new Date(event.at);
}

/** Where a span sits: its parallel branch or map item, the run itself otherwise. */
function scopeOf(event: { scope?: string }): string {
  return event.scope ?? '';
}

/** A scope and the ones around it, innermost first: "review/branch0" → "review", ""; "summaries[3]" → "summaries", "". */
function enclosingScopes(scope: string): string[] {
  const scopes = [scope];
  for (let s = scope; s !== ''; scopes.push(s)) {
    const cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('['));
    s = cut <= 0 ? '' : s.slice(0, cut);
  }
  return scopes;
}

function samplingAttributes(agent: Agent | undefined): Attributes {
  if (agent?.kind !== 'llm' || agent.sampling === undefined) return {};
  const s = agent.sampling;
  const attributes: Attributes = {
    'gen_ai.request.temperature': s.temperature,
    'gen_ai.request.top_p': s.topP,
    'gen_ai.request.top_k': s.topK,
    'gen_ai.request.seed': s.seed,
    'gen_ai.request.max_tokens': s.maxOutputTokens,
    'gen_ai.request.presence_penalty': s.presencePenalty,
    'gen_ai.request.frequency_penalty': s.frequencyPenalty,
  };
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}

export function createRunTracer(ir: WorkflowIR, sink: TraceSink, serviceName = 'coord'): RunTracer {
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: [sink.processor] });
  const tracer = provider.getTracer(INSTRUMENTATION);
  const agents = new Map(ir.agents.map((agent) => [agent.name, agent]));

  let run: { span: Span; context: Context } | undefined;
  /** The open step of each scope. */
  const steps = new Map<string, { span: Span; context: Context }>();
  /** Open turns and human steps, by what identifies them within a run. */
  const open = new Map<string, Span>();

  function start(name: string, parent: Context | undefined, at: Date, attributes: Attributes, kind = SpanKind.INTERNAL) {
    const span = tracer.startSpan(name, { kind, attributes, startTime: at }, parent ?? ROOT_CONTEXT);
    return { span, context: trace.setSpan(parent ?? ROOT_CONTEXT, span) };
  }

  /** The context of the step an event belongs to: its own scope's, else the nearest enclosing one's, else the run's. */
  function stepContext(scopes: string[]): Context | undefined {
    for (const s of scopes) {
      const step = steps.get(s);
      if (step) return step.context;
    }
    return run?.context;
  }

  function endStep(scope: string, at: Date): void {
    steps.get(scope)?.span.end(at);
    steps.delete(scope);
  }

  function fail(span: Span | undefined, message: string, at: Date): void {
    span?.setStatus({ code: SpanStatusCode.ERROR, message });
    span?.end(at);
  }

  function turnStarted(event: Extract<RunEvent, { type: 'turn.started' }>, at: Date): void {
    const agent = agents.get(event.agent);
    const common = { 'gen_ai.agent.name': event.agent, 'coord.turn': event.turn, 'coord.run.id': event.runId };
    const { span } =
      agent?.kind === 'llm'
        ? start(`chat ${agent.model}`, stepContext(enclosingScopes(scopeOf(event))), at, {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': agent.provider,
            'gen_ai.request.model': agent.model,
            ...samplingAttributes(agent),
            ...common,
          }, SpanKind.CLIENT)
        : start(`invoke_agent ${event.agent}`, stepContext(enclosingScopes(scopeOf(event))), at, { 'gen_ai.operation.name': 'invoke_agent', ...common });
    open.set(`turn:${event.agent}:${scopeOf(event)}`, span);
  }

  function turnFinished(event: Extract<RunEvent, { type: 'turn.finished' }>, at: Date): void {
    const key = `turn:${event.agent}:${scopeOf(event)}`;
    const span = open.get(key);
    open.delete(key);
    if (!span) return;
    const usage = event.reportedUsage ?? event.usage;
    span.setAttributes({
      'gen_ai.usage.input_tokens': usage.input,
      'gen_ai.usage.output_tokens': usage.output,
      ...(event.provider ? { 'gen_ai.provider.name': event.provider } : {}),
      ...(event.model ? { 'gen_ai.response.model': event.model } : {}),
      ...(event.finishReason ? { 'gen_ai.response.finish_reasons': [event.finishReason] } : {}),
      ...(event.charged ? { 'coord.charged.input_tokens': event.charged.input, 'coord.charged.output_tokens': event.charged.output } : {}),
      ...(event.cost !== undefined ? { 'coord.cost_usd': event.cost } : {}),
    });
    span.end(at);
  }

  /** What each event does to the trace; events not listed here leave it as it is. */
  function apply(event: RunEvent): void {
    const at = timeOf(event);
    switch (event.type) {
      case 'run.started':
        run = start(`run ${event.workflow}`, undefined, at, { 'coord.run.id': event.runId, 'coord.workflow': event.workflow, 'coord.ir_hash': event.irHash, 'gen_ai.conversation.id': event.runId });
        return;
      case 'state.entered':
        endStep(scopeOf(event), at);
        steps.set(scopeOf(event), start(`step ${event.state}`, stepContext(enclosingScopes(scopeOf(event)).slice(1)), at, { 'coord.state': event.state, ...(event.scope ? { 'coord.scope': event.scope } : {}) }));
        return;
      case 'turn.started':
        return turnStarted(event, at);
      case 'turn.retry':
        open.get(`turn:${event.agent}:${scopeOf(event)}`)?.addEvent('retry', { 'coord.attempt': event.attempt, 'coord.reason': event.reason, 'coord.delay_ms': event.delayMs }, at);
        return;
      case 'turn.finished':
        return turnFinished(event, at);
      case 'turn.failed': {
        const key = `turn:${event.agent}:${scopeOf(event)}`;
        fail(open.get(key), event.error, at);
        open.delete(key);
        return;
      }
      case 'tool.called': {
        // Tool calls are announced when their turn settles, just before turn.finished, so the
        // turn's span is still open; the event carries no duration, so the span is a point in time.
        const turn = open.get(`turn:${event.agent}:${scopeOf(event)}`);
        const { span } = start(`execute_tool ${event.tool}`, turn ? trace.setSpan(ROOT_CONTEXT, turn) : stepContext(enclosingScopes(scopeOf(event))), at, {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': event.tool,
          'gen_ai.agent.name': event.agent,
          'coord.tool.declared': event.declared,
          'coord.tool.result_tokens': event.tokens,
          'coord.tool.status': event.status,
        });
        if (event.status === 'error' || event.status === 'refused') span.setStatus({ code: SpanStatusCode.ERROR, message: `tool ${event.tool}: ${event.status}` });
        span.end(at);
        return;
      }
      case 'message.sent': {
        const { span } = start(`deliver ${event.channel}`, stepContext(enclosingScopes(scopeOf(event))), at, {
          'coord.channel.id': event.channel,
          'coord.channel.mode': event.mode,
          'coord.message.from': event.from,
          'coord.message.to': event.to,
          'coord.message.tokens': event.tokens,
          'coord.message.delivered_tokens': event.delivered,
        }, SpanKind.PRODUCER);
        span.end(at);
        return;
      }
      case 'human.waiting':
        open.set(`human:${event.node}:${scopeOf(event)}`, start(`human ${event.node}`, stepContext(enclosingScopes(scopeOf(event))), at, { 'coord.human.ask': event.ask }).span);
        return;
      case 'human.answered':
      case 'human.timedOut': {
        const key = `human:${event.node}:${scopeOf(event)}`;
        open.get(key)?.setAttribute('coord.human.outcome', event.type === 'human.answered' ? 'answered' : 'timed_out');
        open.get(key)?.end(at);
        open.delete(key);
        return;
      }
      case 'budget.exceeded':
        run?.span.addEvent('budget.exceeded', { 'coord.budget.key': event.key, 'coord.budget.requested': event.requested, 'coord.budget.remaining': event.remaining }, at);
        return;
      case 'run.finished': {
        for (const span of open.values()) fail(span, `the run ended (${event.outcome}) before this finished`, at);
        open.clear();
        for (const scope of [...steps.keys()]) endStep(scope, at);
        run?.span.setAttributes({ 'coord.outcome': event.outcome, 'coord.tokens': event.tokens, ...(event.cost !== undefined ? { 'coord.cost_usd': event.cost } : {}) });
        if (event.outcome === 'done' || event.outcome === 'waiting_for_input') run?.span.end(at);
        else fail(run?.span, event.reason ?? event.outcome, at);
        run = undefined;
        return;
      }
      default:
        return;
    }
  }

  return {
    onEvent: apply,
    async shutdown() {
      const now = new Date();
      for (const span of open.values()) span.end(now);
      for (const step of steps.values()) step.span.end(now);
      run?.span.end(now);
      // A failed export rejects the flush; the exporter has already said why, through the sink.
      const flushed = await provider.shutdown().then(
        () => undefined,
        (error: unknown) => `the trace was not sent (${(error as Error)?.message ?? String(error)})`,
      );
      return sink.failure() ?? flushed;
    },
  };
}
