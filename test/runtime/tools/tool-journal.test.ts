// Tool calls are journaled: a replay makes none, and a resumed turn does not make again a
// call an earlier session finished. The model is a fake OpenAI-compatible server on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLlmAgent } from '../../../runtime/providers/llm-agent.js';
import { replayRun, resumeRun, startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import { compileMachine } from '../../../src/compile/machine.js';
import { instantClock } from '../../providers/fixtures.js';
import { type FakeServer, reply } from '../../support/fake-llm-server.js';
import { startFakeOpenAI } from '../../support/fake-openai.js';
import { functionTool, glossaryCalls, oneTurn, toolAgent, toolMessages } from './support.js';

let openai: FakeServer;
beforeEach(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk-o' });
});
afterEach(async () => {
  await openai.close();
});

const ir = oneTurn(toolAgent([functionTool('glossary', 'counted-tool.ts')]));
const llm = () => {
  const env = { OPENAI_API_KEY: 'sk-o', OPENAI_BASE_URL: openai.baseURL };
  return (agent: Parameters<typeof createLlmAgent>[0]) => createLlmAgent(agent, { env, clock: instantClock() });
};

describe('tool calls in the journal', () => {
  it('a replay regenerates the tool events from the journal and calls no tool and no model', async () => {
    const store = new MemoryRunStore();
    openai.enqueue(reply.tools([{ name: 'glossary', args: { word: 'gradient' } }], { input: 150, output: 20 }), reply.text('Gradient is known.', { input: 240, output: 5 }));
    const live = await startRun({ ir, machine: compileMachine(ir), store, runId: 'replayed', llm: llm() });
    expect(live.outcome).toBe('done');
    const callsBefore = glossaryCalls().length;
    const requestsBefore = openai.requests.length;

    const replayed = await replayRun({ runId: 'replayed', store });

    expect(replayed.matches).toBe(true);
    expect(glossaryCalls().length).toBe(callsBefore);
    expect(openai.requests.length).toBe(requestsBefore);
    expect(replayed.events.filter((e) => e.type === 'tool.called')).toHaveLength(1);
  });

  it('a resumed turn gets a finished call\'s result from the journal instead of calling the tool again', async () => {
    const store = new MemoryRunStore();
    const before = glossaryCalls().length;
    // The first session: the tool call finishes, then the model's second request never answers and the run is cancelled.
    openai.enqueue(reply.tools([{ name: 'glossary', args: { word: 'manifold' } }], { input: 150, output: 20 }), reply.hang());
    const cancel = new AbortController();
    void openai.waitForRequests(2).then(() => cancel.abort());
    const first = await startRun({ ir, machine: compileMachine(ir), store, runId: 'resumed', llm: llm(), signal: cancel.signal });
    expect(first.outcome).toBe('cancelled');
    expect(glossaryCalls().length).toBe(before + 1);

    // The second session asks the model again; it asks for the same call, which the journal answers.
    openai.clear();
    openai.enqueue(reply.tools([{ name: 'glossary', args: { word: 'manifold' } }], { input: 150, output: 20 }), reply.text('Manifold is known.', { input: 240, output: 5 }));
    const second = await resumeRun({ runId: 'resumed', store, llm: llm() });

    expect(second.outcome).toBe('done');
    expect(glossaryCalls().length).toBe(before + 1);
    const results = toolMessages(openai.requests.at(-1)!.body);
    expect(results[0]).toContain('manifold: a word the glossary knows');
  });

  it('a resumed turn whose model asks for a different call makes that call', async () => {
    const store = new MemoryRunStore();
    const before = glossaryCalls().length;
    openai.enqueue(reply.tools([{ name: 'glossary', args: { word: 'first' } }], { input: 150, output: 20 }), reply.hang());
    const cancel = new AbortController();
    void openai.waitForRequests(2).then(() => cancel.abort());
    await startRun({ ir, machine: compileMachine(ir), store, runId: 'changed', llm: llm(), signal: cancel.signal });

    openai.clear();
    openai.enqueue(reply.tools([{ name: 'glossary', args: { word: 'second' } }], { input: 150, output: 20 }), reply.text('Second is known.', { input: 240, output: 5 }));
    const resumed = await resumeRun({ runId: 'changed', store, llm: llm() });

    expect(resumed.outcome).toBe('done');
    expect(glossaryCalls().slice(before)).toEqual([{ word: 'first' }, { word: 'second' }]);
  });
});
