// This test starts a real HTTP server on 127.0.0.1 (port 0) that speaks OpenAI's chat
// completions protocol, and rewrites a channel's message through it in a whole run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replayRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import { APPROXIMATE } from '../../../runtime/tokens/tokenizer.js';
import { type FakeServer, reply } from '../../support/fake-llm-server.js';
import { startFakeOpenAI } from '../../support/fake-openai.js';
import { CHATTY, eventsOf, runWithOpenAI, sendersInto } from '../support/squeeze-flows.js';

const REWRITE = 'p95 latency: 180 ms → 420 ms after the deploy on 2024-03-12. Culprit: the retry loop in `fetchWithRetry()`. Not just the API; the worker queue is slower too.';

let openai: FakeServer;
beforeEach(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk-o' });
});
afterEach(async () => {
  await openai.close();
});

describe('a channel that rewrites through a real provider client', () => {
  it('asks the model for a rewrite within the goal, delivers it, charges it to the channel, and replays it from the journal', async () => {
    const ir = sendersInto('reader', ['writer'], () => ({ compress: { method: 'squeeze', via: 'openai:gpt-4o-mini', target: 0.7 }, budget: { perRun: 3000 } }));
    openai.enqueue(reply.text(REWRITE, { input: 230, output: 45 }));
    const store = new MemoryRunStore();
    const result = await runWithOpenAI(ir, { baseURL: openai.baseURL, runId: 'openai-squeeze', text: CHATTY, store });

    expect(result.outcome).toBe('done');
    expect(openai.requests).toHaveLength(1);
    const body = openai.requests[0]!.body;
    expect(body.model).toBe('gpt-4o-mini');
    const goal = Math.floor(0.7 * APPROXIMATE.count(CHATTY));
    const prompt = JSON.stringify(body.messages);
    expect(prompt).toContain(`Rewrite the message you receive in at most ${goal} tokens`);
    expect(prompt).toContain('420 ms after the deploy on 2024-03-12');
    expect(body.max_tokens ?? body.max_completion_tokens).toBe(goal);

    const [squeeze] = eventsOf(result.events, 'squeeze');
    expect(squeeze).toMatchObject({ method: 'llm:openai:gpt-4o-mini', after: APPROXIMATE.count(REWRITE) });
    expect(squeeze!.fallback).toBeUndefined();
    expect((result.outputs.reader as { text: string }).text).toBe(`writer: ${REWRITE}`);
    const spent = squeeze!.usage!.input + squeeze!.usage!.output;
    expect(spent).toBeGreaterThanOrEqual(230 + 45);
    expect(result.budgets.find((p) => p.key === 'channel:writer->reader')!.spent).toBe(spent + APPROXIMATE.count(REWRITE));
    expect(result.tokens).toBeGreaterThanOrEqual(spent);

    const replayed = await replayRun({ runId: 'openai-squeeze', store });
    expect(replayed.matches).toBe(true);
    expect(openai.requests).toHaveLength(1);
  });

  it('falls back to the rules when the provider keeps failing', async () => {
    const ir = sendersInto('reader', ['writer'], () => ({ compress: { method: 'squeeze', via: 'openai:gpt-4o-mini' } }));
    openai.enqueue(reply.status(401, 'bad key'));
    const result = await runWithOpenAI(ir, { baseURL: openai.baseURL, runId: 'openai-fails', text: CHATTY });
    expect(result.outcome).toBe('done');
    const [squeeze] = eventsOf(result.events, 'squeeze');
    expect(squeeze).toMatchObject({ method: 'squeeze:L2', fallback: { reason: 'error' } });
    expect((result.outputs.reader as { text: string }).text).toContain('420 ms');
  });
});
