// A real HTTP server on 127.0.0.1 that speaks OpenAI's protocol answers each request with a
// fault chosen by fast-check: 429, 500, a malformed body, a stream cut short, a hang, or a
// valid answer. Whatever it does, budgets hold and every attempt is charged what it spent.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmAgent } from '../../runtime/providers/llm-agent.js';
import { startRun, type RunResult } from '../../runtime/run/run.js';
import { MemoryRunStore } from '../../runtime/store/memory-store.js';
import { O200K } from '../../runtime/tokens/tokenizer.js';
import { compileMachine } from '../../src/compile/machine.js';
import type { Channel, WorkflowIR } from '../../src/ir/schema.js';
import { initialView, reduce } from '../../src/ui/view-model.js';
import { type FakeServer, type RecordedRequest, reply, type ScriptedReply } from '../support/fake-llm-server.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { instantClock, llmAgent, named, workflow } from './fixtures.js';

const KEY = 'sk-faults';
/** How long a hanging request is given before its attempt times out. */
const TIMEOUT_MS = 150;

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAI({ apiKey: KEY, respond: () => valid() });
});
afterAll(() => server.close());

const ANSWER = 'The sky looks blue because the air scatters short blue wavelengths of sunlight far more than red ones.';

/** A valid answer; its report is below coord's own count, so the charge is what coord counts. */
function valid(): ScriptedReply {
  return reply.text(ANSWER, { input: 1, output: 1 });
}

type Fault = '429' | '500' | 'malformed' | 'truncate' | 'hang' | 'valid';

function scripted(fault: Fault): ScriptedReply {
  switch (fault) {
    case '429':
      return reply.status(429, 'slow down');
    case '500':
      return reply.status(500, 'the server fell over');
    case 'malformed':
      return reply.malformed();
    case 'truncate':
      return reply.truncate(ANSWER, { input: 1, output: 1 });
    case 'hang':
      return reply.hang();
    case 'valid':
      return valid();
  }
}

const channel: Channel = { id: 'planner->writer', from: 'planner', to: 'writer', mode: 'text', budget: { perMessage: 300 }, compress: { method: 'none' }, overflow: 'truncate' };

function flow(perTurn: number, total: number): WorkflowIR {
  const planner = { ...named(llmAgent('openai', 'gpt-4o-mini'), 'planner'), budget: { perTurn } };
  const writer = { ...named(llmAgent('openai', 'gpt-4o-mini'), 'writer'), role: 'Write the brief.', budget: { perTurn } };
  const ir = { ...workflow([planner, writer], [channel]), budget: { total } };
  ir.flow.nodes = [
    { kind: 'agent', id: 'planner', agent: 'planner', next: [{ to: 'writer' }] },
    { kind: 'agent', id: 'writer', agent: 'writer', next: [{ to: 'done' }] },
  ];
  return ir;
}

async function run(ir: WorkflowIR, faults: Fault[], maxAttempts = 4): Promise<{ result: RunResult; requests: RecordedRequest[] }> {
  const first = server.requests.length;
  server.enqueue(...faults.map(scripted));
  const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseURL };
  const config = { requests: { timeoutMs: TIMEOUT_MS, maxAttempts } };
  const result = await startRun({
    ir,
    machine: compileMachine(ir),
    store: new MemoryRunStore(),
    runId: 'faults',
    llm: (agent) => createLlmAgent(agent, { env, config, clock: instantClock() }),
  });
  // Replies the run never asked for are not left for the next run.
  server.clear();
  return { result, requests: server.requests.slice(first) };
}

/** OpenAI's chat framing, computed independently of the code under test: 3 per message, 3 to prime. */
function promptTokens(request: RecordedRequest): number {
  const messages = request.body.messages as { role: string; content: string }[];
  return messages.reduce((sum, m) => sum + 3 + O200K.count(m.role) + O200K.count(m.content), 3);
}

/**
 * What one request really cost: nothing when the server refused it (429, 500); its prompt
 * when the server took it (a hang, a malformed body); and the text it sent, in full or the
 * part that arrived before the stream was cut.
 */
function realUsage(request: RecordedRequest): number {
  const kind = request.reply?.kind;
  if (kind === 'status') return 0;
  return promptTokens(request) + O200K.count(request.delivered);
}

function spentOf(result: RunResult, key: string): number {
  return result.budgets.find((pool) => pool.key === key)?.spent ?? 0;
}

function expectBudgetsHeld(result: RunResult, requests: RecordedRequest[]): void {
  for (const pool of result.budgets) if (pool.limit !== undefined) expect(pool.spent, pool.key).toBeLessThanOrEqual(pool.limit);
  expect(result.outcome).not.toBe('budget_exhausted');
  // Charges equal the attempts' real usage, agent by agent.
  const byAgent = (agent: string) => requests.filter((r) => JSON.stringify(r.body.messages).includes(agent === 'writer' ? 'Write the brief.' : 'Split the question')).reduce((sum, r) => sum + realUsage(r), 0);
  expect(spentOf(result, 'agent:planner')).toBe(byAgent('planner'));
  expect(spentOf(result, 'agent:writer')).toBe(byAgent('writer'));
  expect(spentOf(result, 'run')).toBe(requests.reduce((sum, r) => sum + realUsage(r), 0));
  // The summary's agent rows say what the ledger charged.
  const view = result.events.reduce(reduce, initialView());
  for (const agent of view.agents) expect(agent.tokens, agent.name).toBe(spentOf(result, `agent:${agent.name}`));
}

describe('a run against a provider that fails in every way it can', () => {
  it('never passes a cap, never ends budget_exhausted with budget left, and charges each attempt what it really spent', async () => {
    const fault = fc.constantFrom<Fault>('429', '500', 'malformed', 'truncate', 'hang', 'valid');
    await fc.assert(
      fc.asyncProperty(fc.array(fault, { maxLength: 9 }), fc.constantFrom(400, 600, 4000), async (faults, perTurn) => {
        const { result, requests } = await run(flow(perTurn, 20_000), faults);
        expectBudgetsHeld(result, requests);
        if (result.outcome === 'failed') expect(result.events.some((e) => e.type === 'turn.failed')).toBe(true);
        else expect(result.outcome).toBe('done');
      }),
      { numRuns: 25 },
    );
  });

  it('retries a dropped stream within the turn cap: the run goes on with its budget, and the cap holds (the case from issue 20)', async () => {
    const { result, requests } = await run(flow(400, 5000), ['truncate', 'valid', 'valid']);
    expect(result.outcome).toBe('done');
    expect(requests).toHaveLength(3);
    expect(result.events.filter((e) => e.type === 'turn.retry')).toHaveLength(1);
    expect(spentOf(result, 'turn:planner#1')).toBeLessThanOrEqual(400);
    expectBudgetsHeld(result, requests);
  });

  it('makes no retry the turn reservation cannot pay for: the turn fails within its cap, and the run fails, not budget_exhausted', async () => {
    // Every attempt is charged its prompt: a turn capped below two prompts cannot pay for a second attempt.
    const measured = await run(flow(4000, 5000), ['valid', 'valid']);
    const prompt = promptTokens(measured.requests[0]!);
    const cap = 2 * prompt - 1;
    const { result, requests } = await run(flow(cap, 5000), ['malformed', 'valid']);
    expect(requests).toHaveLength(1);
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/not retried: another attempt needs \d+ tokens and the turn has \d+ of the \d+ reserved for it left/);
    expect(spentOf(result, 'turn:planner#1')).toBe(prompt);
    expectBudgetsHeld(result, requests);
  });
});
