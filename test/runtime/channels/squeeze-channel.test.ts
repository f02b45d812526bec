// The reader is a function agent: coord counts what it reads with the approximate tokenizer.
import { describe, expect, it } from 'vitest';
import type { AgentRunner, TurnRequest } from '../../../runtime/agents/agent.js';
import { replayRun, resumeRun, startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import { APPROXIMATE as RECEIVER } from '../../../runtime/tokens/tokenizer.js';
import type { Channel } from '../../../src/ir/schema.js';
import { machineConfigFor } from '../support/machine-config.js';
import { CHATTY, eventsOf, sendersInto } from '../support/squeeze-flows.js';

const VIA = 'openai:gpt-4o-mini';
const SHORT = 'p95 latency went from 180 ms to 420 ms after the deploy on 2024-03-12; culprit: the retry loop in `fetchWithRetry()`. Not just the API: the worker queue is slower too.';

/** A fake rewriting model: answers `text` and reports what a provider would, or throws. */
function fakeRewriter(answer: (request: TurnRequest) => { text: string; input?: number; output?: number } | Error) {
  const requests: TurnRequest[] = [];
  const runner: AgentRunner = async (request) => {
    requests.push(request);
    const a = answer(request);
    if (a instanceof Error) throw Object.assign(a, { charged: { input: 90, output: 0 } });
    const usage = { input: a.input ?? 150, output: a.output ?? Math.min(request.maxOutputTokens, RECEIVER.count(a.text)) };
    return { output: { text: a.text }, text: a.text, usage, charged: usage, attempts: 1 };
  };
  return { requests, llm: () => runner };
}

function viaFlow(channel: Partial<Channel> = {}, total = 100_000) {
  return sendersInto('reader', ['writer'], () => ({ compress: { method: 'squeeze', via: VIA }, ...channel }), total);
}

async function run(ir: ReturnType<typeof viaFlow>, llm?: () => AgentRunner, store = new MemoryRunStore(), runId = 'sq') {
  const result = await startRun({ ir, machine: machineConfigFor(ir), store, runId, input: { writer: CHATTY }, ...(llm ? { llm } : {}) });
  const reader = (result.outputs.reader as { text: string } | undefined)?.text ?? '';
  const channel = result.budgets.find((p) => p.key === 'channel:writer->reader')!;
  return { result, reader, channel, squeezes: eventsOf(result.events, 'squeeze') };
}

describe('squeezing channels', () => {
  it('squeezes every message by the rules at the channel level (default 2), before the budget, and says what it removed', async () => {
    const ir = sendersInto('reader', ['writer'], () => ({ compress: { method: 'squeeze' } }));
    const { result, reader, squeezes } = await run(ir);
    expect(result.outcome).toBe('done');
    expect(squeezes).toHaveLength(1);
    const [event] = squeezes;
    expect(event).toMatchObject({ channel: 'writer->reader', method: 'squeeze:L2', before: RECEIVER.count(CHATTY) });
    expect(event!.after).toBeLessThan(event!.before);
    expect(event!.removed).toEqual(expect.arrayContaining(['Sure!', 'Happy to help.', 'Basically,', 'I hope this helps!']));
    expect(reader).toContain('420 ms after the deploy on 2024-03-12');
    expect(reader).toContain('It is not just the API');
    expect(reader).not.toContain('Basically');
    const sent = eventsOf(result.events, 'message.sent')[0]!;
    expect(sent).toMatchObject({ tokens: RECEIVER.count(CHATTY), delivered: event!.after });
  });

  it('uses the channel level, and escalates past it only to reach the target', async () => {
    const level1 = await run(sendersInto('reader', ['writer'], () => ({ compress: { method: 'squeeze', level: 1 } })));
    expect(level1.squeezes[0]).toMatchObject({ method: 'squeeze:L1' });
    expect(level1.reader).toContain('Basically,');
    const targeted = await run(sendersInto('reader', ['writer'], () => ({ compress: { method: 'squeeze', level: 0, target: 0.75 } })));
    expect(targeted.squeezes[0]!.after).toBeLessThanOrEqual(Math.floor(0.75 * RECEIVER.count(CHATTY)));
    expect(targeted.squeezes[0]!.method).not.toBe('squeeze:L0');
  });

  it('rewrites through the channel model, delivers the rewrite and charges its tokens to the channel and the run', async () => {
    const model = fakeRewriter(() => ({ text: SHORT, input: 150, output: 40 }));
    const { result, reader, channel, squeezes } = await run(viaFlow({ budget: { perRun: 2000 } }), model.llm);
    expect(result.outcome).toBe('done');
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]!.agent).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
    expect(model.requests[0]!.inbox[0]!.text).toBe(CHATTY);
    expect(squeezes).toEqual([expect.objectContaining({ method: `llm:${VIA}`, before: RECEIVER.count(CHATTY), after: RECEIVER.count(SHORT), usage: { input: 150, output: 40 } })]);
    expect(reader).toBe(`writer: ${SHORT}`);
    expect(channel.spent).toBe(190 + RECEIVER.count(SHORT));
    expect(channel.reserved).toBe(0);
    expect(eventsOf(result.events, 'budget.reserved').some((e) => e.key === 'channel:writer->reader')).toBe(true);
  });

  it('falls back to the rules when the model fails, and still charges what the failed call spent', async () => {
    const model = fakeRewriter(() => new Error('provider unavailable'));
    const { result, reader, channel, squeezes } = await run(viaFlow({ budget: { perRun: 2000 } }), model.llm);
    expect(result.outcome).toBe('done');
    expect(squeezes[0]).toMatchObject({ method: 'squeeze:L2', fallback: { reason: 'error' }, usage: { input: 90, output: 0 } });
    expect(squeezes[0]!.fallback!.detail).toContain('provider unavailable');
    expect(reader).toContain('420 ms');
    expect(reader).not.toContain('Basically');
    expect(channel.spent).toBe(90 + squeezes[0]!.after);
  });

  it('falls back when the rewrite runs over the goal, is not shorter, or loses a number', async () => {
    const over = await run(viaFlow({ compress: { method: 'squeeze', via: VIA, target: 0.3 } }), fakeRewriter(() => ({ text: SHORT })).llm);
    expect(over.squeezes[0]).toMatchObject({ fallback: { reason: 'over-budget' } });
    expect(over.squeezes[0]!.method).toMatch(/^squeeze:L/);

    const longer = await run(viaFlow(), fakeRewriter(() => ({ text: `${CHATTY} And one more thing.` })).llm);
    expect(longer.squeezes[0]).toMatchObject({ fallback: { reason: 'not-shorter' }, method: 'squeeze:L2' });

    const lost = await run(viaFlow(), fakeRewriter(() => ({ text: SHORT.replace('420 ms', 'about 400 ms') })).llm);
    expect(lost.squeezes[0]).toMatchObject({ fallback: { reason: 'lost-spans' }, method: 'squeeze:L2' });
    expect(lost.reader).toContain('420 ms');
    expect(lost.reader).not.toContain('about 400 ms');
  });

  it('does not call the model when the channel cannot pay for the rewrite and the message, and squeezes by the rules', async () => {
    const model = fakeRewriter(() => ({ text: SHORT }));
    const { result, reader, channel, squeezes } = await run(viaFlow({ budget: { perRun: 200 } }), model.llm);
    expect(result.outcome).toBe('done');
    expect(model.requests).toHaveLength(0);
    expect(squeezes[0]).toMatchObject({ method: 'squeeze:L2', fallback: { reason: 'unaffordable' } });
    expect(reader).toContain('420 ms');
    expect(channel.spent).toBeLessThanOrEqual(200);
  });

  it('never lets a rewrite and its message pass the channel budget, whatever the budget', async () => {
    const methods = new Set<string>();
    for (let perRun = 40; perRun <= 1000; perRun += 30) {
      // A model that spends everything it may: its whole prompt and every output token it is allowed.
      const model = fakeRewriter((request) => ({ text: SHORT, input: RECEIVER.count(`${request.agent.role}\n${CHATTY}`) + 40, output: request.maxOutputTokens }));
      const { result, channel, squeezes } = await run(viaFlow({ budget: { perRun } }), model.llm, new MemoryRunStore(), `budget-${perRun}`);
      expect(result.outcome, `perRun ${perRun}`).toBe('done');
      expect(channel.spent, `perRun ${perRun}`).toBeLessThanOrEqual(perRun);
      methods.add(squeezes[0]!.fallback?.reason ?? squeezes[0]!.method);
    }
    // The sweep crosses the point where the channel can first afford the rewrite (and, just past it, not yet its length).
    expect([...methods].sort()).toEqual([`llm:${VIA}`, 'over-budget', 'unaffordable']);
  });

  it('stops the run, naming the channel, when a model reports more than was reserved for the rewrite', async () => {
    const model = fakeRewriter(() => ({ text: SHORT, input: 5000, output: 10 }));
    const { result } = await run(viaFlow({ budget: { perRun: 2000 } }), model.llm);
    expect(result.outcome).toBe('budget_exhausted');
    expect(result.reason).toMatch(/rewrite of a message on channel writer->reader by "openai:gpt-4o-mini" used 5010 tokens/);
    expect(result.events.some((e) => e.type === 'budget.exceeded' && e.key === 'channel:writer->reader')).toBe(true);
  });

  it('journals the rewrite like an agent turn, so a replay makes the same decisions without calling the model', async () => {
    const store = new MemoryRunStore();
    const model = fakeRewriter(() => ({ text: SHORT, input: 150, output: 40 }));
    const live = await run(viaFlow({ budget: { perRun: 2000 } }), model.llm, store, 'journaled');
    const replayed = await replayRun({ runId: 'journaled', store });
    expect(replayed.matches).toBe(true);
    expect(model.requests).toHaveLength(1);
    expect(eventsOf(replayed.events, 'squeeze')).toEqual(live.squeezes.map((e) => expect.objectContaining({ method: e.method, after: e.after, usage: e.usage })));
    const steps = (await store.read('journaled'))!.records.filter((r) => r.kind === 'step').map((r) => `${r.kind === 'step' ? r.phase : ''} ${r.kind === 'step' ? r.id : ''}`);
    expect(steps).toContain('finish writer#1>squeeze:writer->reader');
  });

  it('runs a rewrite the run was cancelled in again on resume, once, and replays the whole run', async () => {
    const store = new MemoryRunStore();
    const ir = viaFlow({ budget: { perRun: 2000 } });
    const cancel = new AbortController();
    const interrupted = await startRun({
      ir,
      machine: machineConfigFor(ir),
      store,
      runId: 'resumed',
      input: { writer: CHATTY },
      signal: cancel.signal,
      llm: () => async (request) => {
        cancel.abort();
        if (!request.signal.aborted) throw new Error('the rewrite was not told that the run was cancelled');
        throw new Error('cancelled');
      },
    });
    expect(interrupted.outcome).toBe('cancelled');
    expect(eventsOf(interrupted.events, 'squeeze')).toHaveLength(0);

    const model = fakeRewriter(() => ({ text: SHORT, input: 150, output: 40 }));
    const resumed = await resumeRun({ runId: 'resumed', store, llm: model.llm });
    expect(resumed.outcome).toBe('done');
    expect(model.requests).toHaveLength(1);
    expect(eventsOf(resumed.events, 'squeeze')).toEqual([expect.objectContaining({ method: `llm:${VIA}` })]);
    expect((resumed.outputs.reader as { text: string }).text).toBe(`writer: ${SHORT}`);
    expect(resumed.budgets.find((p) => p.key === 'channel:writer->reader')!.spent).toBe(190 + RECEIVER.count(SHORT));
    expect((await replayRun({ runId: 'resumed', store })).matches).toBe(true);
  });

  it('stops before any agent runs when the rewriting provider is not configured', async () => {
    const ir = viaFlow();
    await expect(startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'nokey', input: { writer: CHATTY }, llm: () => {
      throw new Error('OPENAI_API_KEY is not set');
    } })).rejects.toThrow(/channel writer->reader \(compress squeeze via "openai:gpt-4o-mini"\): OPENAI_API_KEY is not set/);
  });

  it('squeezes by the rules in simulated runs, which never call a model', async () => {
    const ir = viaFlow();
    const model = fakeRewriter(() => ({ text: SHORT }));
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'sim', simulateSeed: 7, llm: model.llm });
    expect(result.outcome).toBe('done');
    expect(model.requests).toHaveLength(0);
    expect(eventsOf(result.events, 'squeeze').every((e) => e.fallback?.reason === 'no-runner' && e.method.startsWith('squeeze:L'))).toBe(true);
  });
});
