// Two fake OpenAI-compatible servers on 127.0.0.1 stand for, say, a vLLM box and a llama.cpp
// server; the workflow mixes them and falls back from one to the other. Nothing leaves the machine.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import * as nodePath from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { assertProvidersReady } from '../../runtime/providers/check.js';
import { parseConfig } from '../../runtime/providers/config.js';
import { createLlmAgent } from '../../runtime/providers/llm-agent.js';
import { replayRun, startRun } from '../../runtime/run/run.js';
import { FileRunStore } from '../../runtime/store/file-store.js';
import { compileMachine } from '../../src/compile/machine.js';
import { checkText } from '../../src/language/index.js';
import { type FakeServer, reply } from '../support/fake-llm-server.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { instantClock } from './fixtures.js';

const VLLM_KEY = 'vllm-secret-123';

const SOURCE = `workflow mixed {
  budget 20000 tokens
  agent planner {
    model "vllm:qwen"
    role "Plan the brief."
    sampling { temperature 0.2 top_p 0.9 seed 7 max_output 120 }
  }
  agent writer {
    model "llamacpp:llama-3"
    fallback "vllm:qwen-small"
    role "Write the brief."
  }
  channel planner -> writer { budget 300 tokens per message }
  flow { start planner  planner -> writer  writer -> done }
}
`;

let vllm: FakeServer;
let llamacpp: FakeServer;
beforeEach(async () => {
  vllm = await startFakeOpenAI({ apiKey: VLLM_KEY });
  llamacpp = await startFakeOpenAI();
});
afterEach(async () => {
  await vllm.close();
  await llamacpp.close();
});

function configFor() {
  return parseConfig(
    JSON.stringify({
      endpoints: {
        vllm: { baseURL: vllm.baseURL, apiKeyEnv: 'VLLM_KEY', headers: { 'X-Team': 'briefs' } },
        // One attempt: a llama.cpp box that is down hands the turn to the fallback at once.
        llamacpp: { baseURL: llamacpp.baseURL, requests: { maxAttempts: 1 } },
      },
    }),
    'coord.config.json',
  );
}

describe('a flow over two OpenAI-compatible endpoints with a fallback model', () => {
  it.each([true, false])('routes each agent to its endpoint, sends its settings, and falls back when an endpoint fails (stream: %s)', async (stream) => {
    const { ir, diagnostics } = await checkText(SOURCE, nodePath.resolve(import.meta.dirname, 'mixed.coord'));
    expect(diagnostics).toEqual([]);
    const config = configFor();
    const env = { VLLM_KEY };
    assertProvidersReady(ir!, env, config);

    vllm.enqueue(
      reply.text('Cover light, air and scattering.', { input: 80, output: 7 }),
      reply.text('Air scatters blue light most.', { input: 90, output: 8 }),
    );
    llamacpp.enqueue(reply.status(503, 'model is loading'));

    // On disk, as coord run keeps it, so the replay reads back what the journal parsed.
    const runs = await mkdtemp(nodePath.join(os.tmpdir(), 'coord-endpoints-'));
    onTestFinished(() => rm(runs, { recursive: true, force: true }));
    const store = new FileRunStore(runs);
    const result = await startRun({
      ir: ir!,
      machine: compileMachine(ir!),
      store,
      runId: 'mixed',
      llm: (agent) => createLlmAgent(agent, { env, config, stream, clock: instantClock() }),
    });
    expect(result.outcome).toBe('done');
    expect(result.outputs.writer).toEqual({ text: 'Air scatters blue light most.' });

    // The planner's call: its endpoint's key and headers, its sampling settings, its own output cap.
    const [planned, fallback] = vllm.requests;
    expect(planned!.headers.authorization).toBe(`Bearer ${VLLM_KEY}`);
    expect(planned!.headers['x-team']).toBe('briefs');
    expect(planned!.body).toMatchObject({ model: 'qwen', temperature: 0.2, top_p: 0.9, seed: 7, max_tokens: 120 });

    // The writer tried its own endpoint, which takes no key: no Authorization header at all.
    expect(llamacpp.requests).toHaveLength(1);
    expect(llamacpp.requests[0]!.body.model).toBe('llama-3');
    expect(llamacpp.requests[0]!.headers.authorization).toBeUndefined();
    // Then its fallback, on the other endpoint, with the planner's message.
    expect(fallback!.body.model).toBe('qwen-small');
    expect(JSON.stringify(fallback!.body.messages)).toContain('Cover light, air and scattering.');

    const notice = result.events.find((e) => e.type === 'turn.retry' && e.agent === 'writer');
    expect(notice).toMatchObject({ reason: expect.stringContaining('falling back to vllm:qwen-small') });
    expect(notice).toMatchObject({ reason: expect.stringContaining('HTTP 503') });
    const finished = result.events.filter((e) => e.type === 'turn.finished');
    expect(finished.map((e) => e.type === 'turn.finished' && [e.agent, e.provider, e.model, e.finishReason])).toEqual([
      ['planner', 'vllm', 'qwen', 'stop'],
      ['writer', 'vllm', 'qwen-small', 'stop'],
    ]);

    // The journal keeps who answered: a replay, calling nothing, produces the same events.
    const replayed = await replayRun({ runId: 'mixed', store });
    expect(replayed.mismatches).toEqual([]);
    expect(replayed.matches).toBe(true);
    expect(vllm.requests).toHaveLength(2);
  });

  it('refuses, before any call, a fallback whose endpoint is not configured', async () => {
    const { ir } = await checkText(SOURCE.replace('"vllm:qwen-small"', '"gpu:qwen-small"'), nodePath.resolve(import.meta.dirname, 'mixed.coord'));
    expect(() => assertProvidersReady(ir!, { VLLM_KEY }, configFor())).toThrow(/unknown provider "gpu" \(used by agent writer \(fallback gpu:qwen-small\)\)/);
  });
});
