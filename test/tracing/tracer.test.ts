// A run of LLM agents against a fake OpenAI server, traced to an OTLP/HTTP receiver; both
// listen on 127.0.0.1 and are started here.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLlmAgent } from '../../runtime/providers/llm-agent.js';
import { startRun } from '../../runtime/run/run.js';
import { MemoryRunStore } from '../../runtime/store/memory-store.js';
import { resolveTracing } from '../../runtime/tracing/settings.js';
import { createRunTracer, otlpSink } from '../../runtime/tracing/tracer.js';
import { compileMachine } from '../../src/compile/machine.js';
import type { Channel } from '../../src/ir/schema.js';
import { fixture } from '../cli/support/fixtures.js';
import { runCli } from '../cli/support/run-cli.js';
import { instantClock, llmAgent, named, workflow } from '../providers/fixtures.js';
import { type FakeServer, reply } from '../support/fake-llm-server.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver.js';

let receiver: OtlpReceiver;
let openai: FakeServer;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
  openai = await startFakeOpenAI({ apiKey: 'sk-test-123' });
});
afterEach(async () => {
  await receiver.close();
  await openai.close();
});

const channel: Channel = { id: 'planner->writer', from: 'planner', to: 'writer', mode: 'text', budget: { perMessage: 300 }, compress: { method: 'none' }, overflow: 'fail' };

function named1(spans: ReceivedSpan[], name: string): ReceivedSpan {
  const found = spans.filter((s) => s.name === name);
  expect(found, `one span named ${name} among ${spans.map((s) => s.name).join(', ')}`).toHaveLength(1);
  return found[0]!;
}

describe('the OpenTelemetry exporter', () => {
  it('sends a run as spans over OTLP/HTTP: run, steps, turns with GenAI attributes, and channel deliveries', async () => {
    const planner = { ...named(llmAgent('openai', 'gpt-4o-mini'), 'planner'), sampling: { temperature: 0.2, seed: 7 } };
    const writer = named(llmAgent('openai', 'gpt-4o'), 'writer');
    const ir = { ...workflow([planner, writer], [channel]), budget: { total: 20_000 } };
    ir.flow.nodes = [
      { kind: 'agent', id: 'planner', agent: 'planner', next: [{ to: 'writer' }] },
      { kind: 'agent', id: 'writer', agent: 'writer', next: [{ to: 'done' }] },
    ];
    openai.enqueue(reply.text('Cover light and air.', { input: 70, output: 6 }), reply.text('Air scatters blue light.', { input: 90, output: 7 }));
    const env = { OPENAI_API_KEY: 'sk-test-123', OPENAI_BASE_URL: openai.baseURL };
    const settings = resolveTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint }, undefined)!;
    const tracer = createRunTracer(ir, otlpSink(settings), settings.serviceName);

    const result = await startRun({
      ir,
      machine: compileMachine(ir),
      store: new MemoryRunStore(),
      runId: 'traced',
      llm: (agent) => createLlmAgent(agent, { env, clock: instantClock() }),
      onEvent: (event) => tracer.onEvent(event),
    });
    expect(result.outcome).toBe('done');
    expect(await tracer.shutdown()).toBeUndefined();

    const { spans } = receiver;
    const run = named1(spans, 'run brief');
    expect(run.parentSpanId ?? '').toBe('');
    expect(run.attributes).toMatchObject({ 'coord.run.id': 'traced', 'coord.outcome': 'done', 'coord.tokens': result.tokens });
    expect(run.resource['service.name']).toBe('coord');
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([run.traceId]));

    const step = named1(spans, 'step planner');
    expect(step.parentSpanId).toBe(run.spanId);
    const chat = named1(spans, 'chat gpt-4o-mini');
    expect(chat.parentSpanId).toBe(step.spanId);
    expect(chat.kind).toBe(3); // SPAN_KIND_CLIENT
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 70,
      'gen_ai.usage.output_tokens': 6,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.seed': 7,
      'gen_ai.agent.name': 'planner',
    });
    const finished = result.events.find((e) => e.type === 'turn.finished' && e.agent === 'planner');
    expect(chat.attributes['coord.charged.input_tokens']).toBe(finished?.type === 'turn.finished' ? finished.charged?.input : -1);
    // The span lasts from turn.started to turn.finished, at the events' own times.
    const started = result.events.find((e) => e.type === 'turn.started' && e.agent === 'planner')!;
    expect(Number(BigInt(chat.startTimeUnixNano) / 1_000_000n)).toBe(Date.parse(started.at!));

    const delivery = named1(spans, 'deliver planner->writer');
    expect(delivery.parentSpanId).toBe(step.spanId);
    expect(delivery.attributes).toMatchObject({ 'coord.channel.mode': 'text', 'coord.message.from': 'planner', 'coord.message.to': 'writer' });
    expect(named1(spans, 'chat gpt-4o').parentSpanId).toBe(named1(spans, 'step writer').spanId);
  });

  it('marks a failed turn and the failed run as errors', async () => {
    const planner = named(llmAgent('openai', 'gpt-4o-mini'), 'planner');
    const ir = workflow([planner]);
    openai.enqueue(reply.status(400, 'bad request'));
    const settings = resolveTracing({}, { endpoint: `${receiver.endpoint}/v1/traces`, serviceName: 'briefs' })!;
    const tracer = createRunTracer(ir, otlpSink(settings), settings.serviceName);
    const env = { OPENAI_API_KEY: 'sk-test-123', OPENAI_BASE_URL: openai.baseURL };
    const result = await startRun({ ir, machine: compileMachine(ir), store: new MemoryRunStore(), runId: 'fails', llm: (agent) => createLlmAgent(agent, { env, clock: instantClock() }), onEvent: (e) => tracer.onEvent(e) });
    expect(result.outcome).toBe('failed');
    await tracer.shutdown();
    const chat = named1(receiver.spans, 'chat gpt-4o-mini');
    expect(chat.status).toMatchObject({ code: 2, message: expect.stringContaining('HTTP 400') }); // STATUS_CODE_ERROR
    expect(named1(receiver.spans, 'run brief').status?.code).toBe(2);
    expect(receiver.spans[0]!.resource['service.name']).toBe('briefs');
  });

  it('puts an execute_tool span for each tool call under its turn', async () => {
    const ir = workflow([named(llmAgent('openai', 'gpt-4o-mini'), 'planner')]);
    const settings = resolveTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint }, undefined)!;
    const tracer = createRunTracer(ir, otlpSink(settings));
    const at = new Date().toISOString();
    const base = { runId: 'r', t: 0, at };
    tracer.onEvent({ ...base, seq: 0, type: 'run.started', workflow: 'brief', irHash: 'h', budgets: {}, agents: ['planner'], channels: [] });
    tracer.onEvent({ ...base, seq: 1, type: 'state.entered', state: 'planner' });
    tracer.onEvent({ ...base, seq: 2, type: 'turn.started', agent: 'planner', turn: 0 });
    tracer.onEvent({ ...base, seq: 3, type: 'tool.called', agent: 'planner', turn: 0, tool: 'lookup', declared: 'lookup', tokens: 12, status: 'ok' });
    tracer.onEvent({ ...base, seq: 4, type: 'tool.called', agent: 'planner', turn: 0, tool: 'search', declared: 'web', tokens: 0, status: 'error' });
    tracer.onEvent({ ...base, seq: 5, type: 'turn.finished', agent: 'planner', turn: 0, usage: { input: 10, output: 2 }, output: {} });
    expect(await tracer.shutdown()).toBeUndefined();
    const chat = named1(receiver.spans, 'chat gpt-4o-mini');
    const lookup = named1(receiver.spans, 'execute_tool lookup');
    expect(lookup.parentSpanId).toBe(chat.spanId);
    expect(lookup.attributes).toMatchObject({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup', 'coord.tool.result_tokens': 12, 'coord.tool.status': 'ok' });
    expect(named1(receiver.spans, 'execute_tool search').status?.code).toBe(2);
  });

  it('says, without failing the run, that a trace could not be sent', async () => {
    const ir = workflow([named(llmAgent('openai', 'gpt-4o-mini'), 'planner')]);
    await receiver.close();
    const settings = resolveTracing({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.endpoint}/v1/traces` }, undefined)!;
    const tracer = createRunTracer(ir, otlpSink(settings));
    tracer.onEvent({ type: 'run.started', runId: 'r', seq: 0, t: 0, at: new Date().toISOString(), workflow: 'brief', irHash: 'h', budgets: {}, agents: [], channels: [] });
    expect(await tracer.shutdown()).toContain(`the trace was not sent to ${receiver.endpoint}/v1/traces`);
    receiver = await startOtlpReceiver();
  });
});

describe('turning tracing on', () => {
  it('follows the OTEL_* variables over the config file, and OTEL_SDK_DISABLED over both', () => {
    const config = { endpoint: 'http://collector:4318/v1/traces', headers: { 'x-tenant': 'a' } };
    expect(resolveTracing({}, undefined)).toBeUndefined();
    expect(resolveTracing({}, config)).toEqual({ url: 'http://collector:4318/v1/traces', headers: { 'x-tenant': 'a' }, serviceName: 'coord' });
    expect(resolveTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318/', OTEL_EXPORTER_OTLP_HEADERS: 'api-key=k%3D1,x-tenant=b', OTEL_SERVICE_NAME: 'flows' }, config)).toEqual({
      url: 'http://otel:4318/v1/traces',
      headers: { 'x-tenant': 'b', 'api-key': 'k=1' },
      serviceName: 'flows',
    });
    expect(resolveTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:1/x' }, undefined)!.url).toBe('http://traces:1/x');
    expect(resolveTracing({ OTEL_SDK_DISABLED: 'true' }, config)).toBeUndefined();
    expect(resolveTracing({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318' }, undefined)).toBeUndefined();
  });

  it('coord run sends its spans where OTEL_EXPORTER_OTLP_ENDPOINT says', async () => {
    const runs = await mkdtemp(path.join(os.tmpdir(), 'coord-trace-'));
    try {
      const { code } = await runCli(['run', '--simulate', '--json', '--runs-dir', runs, fixture('research-brief.coord')], { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'ci-flows' } });
      expect(code).toBe(0);
    } finally {
      await rm(runs, { recursive: true, force: true });
    }
    const run = named1(receiver.spans, 'run research_brief');
    expect(run.resource['service.name']).toBe('ci-flows');
    expect(receiver.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat').length).toBeGreaterThan(0);
  });
});
