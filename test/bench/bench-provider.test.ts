import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchCommand } from '../../src/cli/commands/bench.js';
import { BenchResults } from '../../src/bench/results.js';
import { RunRecord } from '../../src/bench/metrics.js';
import { seedFor } from '../../src/bench/splits.js';
import { actIn, generateTask, type TaskInstance } from '../../src/bench/task.js';
import { llmBrief } from '../../src/bench/llm-briefs.js';
import type { MultihopInstance } from '../../src/bench/families/multihop.js';
import type { ConsensusInstance } from '../../src/bench/families/consensus.js';
import { CliError } from '../../src/cli/errors.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import type { FakeServer, ScriptedReply } from '../support/fake-llm-server.js';
import { quietly } from './support.js';

/**
 * `coord bench --provider` end to end against the fake OpenAI server of test/support: a real
 * HTTP server on 127.0.0.1 (port 0), started by each test, that reads each request's prompt
 * and answers like a competent agent. No network, no real key.
 */

const KEY = 'sk-bench-test';
const USAGE = { input: 120, output: 9 };
const COUNT = 3;
const tasks = Array.from({ length: COUNT }, (_, i) => generateTask('multihop', seedFor('test', i), 'test') as MultihopInstance);
const others = (['relay', 'consensus'] as const).flatMap((family) => [0, 1].map((i) => generateTask(family, seedFor('test', i), 'test')));

interface Prompt {
  agent: string;
  user: string;
  /** The instructions ask for a JSON object (the agent declares outputs). */
  json: boolean;
}

function promptOf(body: Record<string, unknown>): Prompt {
  const messages = body.messages as { role: string; content: string }[];
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  return { agent: /You are "([^"]+)"/.exec(system)?.[1] ?? '', user, json: system.includes('Reply with exactly one JSON object') };
}

const reply = (text: string): ScriptedReply => ({ kind: 'text', text, usage: USAGE });

/**
 * A competent agent: it finds the task whose brief for this agent the prompt carries, reads
 * the messages the prompt delivered, and does what the programmatic agent would do with them,
 * answering in JSON when the instructions ask for it. `answer` rewrites a decider's answer.
 */
function competent(prompt: Prompt, known: readonly TaskInstance[], answer: (task: TaskInstance, value: string) => string = (_, v) => v): ScriptedReply {
  const task = known.find((t) => prompt.user.includes(`Input of this run:\n${llmBrief(t, prompt.agent)}`));
  if (!task) return { kind: 'status', status: 400, message: `the fake cannot tell which task ${prompt.agent} is on` };
  const inbox = prompt.user.split(/\n\nMessage from [^\n]*\n/).slice(1);
  const { text, output } = actIn(task, prompt.agent, inbox);
  if (!prompt.json) return reply(text);
  const value = typeof output.answer === 'string' ? { answer: answer(task, output.answer) } : {};
  return reply(JSON.stringify({ ...output, ...value, message: text }));
}

/** Sentences of a task that no other task has (fillers recur across tasks; facts do not). */
const ownSentences = (task: MultihopInstance): string[] =>
  task.holders.flatMap((h) => h.sentences).filter((s) => !tasks.some((t) => t !== task && t.holders.some((h) => h.sentences.includes(s))));

describe('coord bench --provider (LLM agents)', () => {
  let server: FakeServer;
  let out: string;
  let failTask: MultihopInstance | undefined;

  beforeEach(async () => {
    failTask = undefined;
    server = await startFakeOpenAI({
      apiKey: KEY,
      respond: (body) => {
        const prompt = promptOf(body);
        if (failTask && ownSentences(failTask).some((s) => prompt.user.includes(s))) {
          return { kind: 'status', status: 400, message: 'the fake refuses this task' };
        }
        // Multihop: two answers right in other words ("The TILDEN."), task 2's wrong: scoring is exact after normalising.
        return competent(prompt, [...tasks, ...others], (task, value) =>
          task.family !== 'multihop' ? value : task === tasks[2] ? 'Nowhere' : `The ${value.replace(/^the /i, '').toUpperCase()}.`,
        );
      },
    });
    out = await mkdtemp(path.join(tmpdir(), 'coord-bench-llm-'));
    vi.stubEnv('OPENAI_API_KEY', KEY);
    vi.stubEnv('OPENAI_BASE_URL', server.baseURL);
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await server.close();
  });

  const bench = (...extra: string[]) =>
    quietly(() => benchCommand.run(['--provider', 'openai:test-model', '--family', 'multihop', '--count', String(COUNT), '--out', out, ...extra]));

  it('runs every agent on the model, each told only its own part, and scores the decider exactly', async () => {
    const { value, stderr } = await bench();
    expect(value).toBe(0);
    expect(stderr).toMatch(/LLM agents on openai:test-model .*spends real money/);

    const prompts = server.requests.map((r) => ({ ...promptOf(r.body), model: r.body.model }));
    expect(prompts.every((p) => p.model === 'test-model')).toBe(true);
    expect(server.requests).toHaveLength(tasks.reduce((n, t) => n + t.holders.length + 1, 0));
    for (const task of tasks) {
      for (const holder of task.holders) {
        const asked = prompts.filter((p) => p.agent === holder.agent && holder.sentences.every((s) => p.user.includes(s)));
        expect(asked).toHaveLength(1);
      }
      // The whole instance (its id, its answer's chain) never reaches a model: only briefs do.
      expect(prompts.some((p) => p.user.includes(task.id) || p.user.includes('chainSentences'))).toBe(false);
    }

    const results = BenchResults.parse(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')));
    expect(results.settings).toMatchObject({ policies: ['text'], count: COUNT });
    expect(results.rows).toMatchObject([{ family: 'multihop', policy: 'text', runs: 3, successes: 2, errors: 0 }]);
    const calls = server.requests.length;
    // test-model has no list price: usage is reported, cost is not.
    expect(results.llm).toEqual({ provider: 'openai', model: 'test-model', usage: { input: calls * USAGE.input, output: calls * USAGE.output } });
    expect(results.rows[0]!.modelInputMean).toBeCloseTo((calls * USAGE.input) / COUNT);

    const runs = (await readFile(path.join(out, 'runs.jsonl'), 'utf8')).trim().split('\n').map((l) => RunRecord.parse(JSON.parse(l)));
    expect(runs.map((r) => [r.seed, r.success, r.usage])).toEqual(
      tasks.map((t, i) => [t.seed, i !== 2, { input: (t.holders.length + 1) * USAGE.input, output: (t.holders.length + 1) * USAGE.output }]),
    );
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain('LLM agents on `openai:test-model`');
  });

  it('runs relay and consensus too (free-text relays, members whose `last` steers the flow) and prices a known model', async () => {
    const { value } = await quietly(() =>
      benchCommand.run(['--provider', 'openai:gpt-4o-mini', '--family', 'relay,consensus', '--count', '2', '--out', out]),
    );
    expect(value).toBe(0);
    const results = BenchResults.parse(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')));
    expect(results.rows.map((r) => [r.family, r.successes, r.errors])).toEqual([
      ['relay', 2, 0],
      ['consensus', 2, 0],
    ]);
    const members = (others.filter((t) => t.family === 'consensus') as ConsensusInstance[]).reduce((n, t) => n + t.members.length + 1, 0);
    expect(server.requests).toHaveLength(2 * 5 + members);
    // The runtime charges each turn the larger of its own count and the provider's report, at the list price.
    const runs = (await readFile(path.join(out, 'runs.jsonl'), 'utf8')).trim().split('\n').map((l) => RunRecord.parse(JSON.parse(l)));
    expect(results.llm).toMatchObject({ model: 'gpt-4o-mini', price: { input: 0.15, output: 0.6 } });
    expect(results.llm!.cost).toBeGreaterThan(0);
    expect(results.llm!.cost).toBeCloseTo(runs.reduce((sum, r) => sum + r.cost!, 0), 12);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toMatch(/cost \$0\.\d{4} at \$0\.15 \/ \$0\.6 per million/);
  });

  it('fails before any task runs when the key is missing, naming the variable', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    vi.stubEnv('OPENAI_BASE_URL', '');
    const failure = bench();
    await expect(failure).rejects.toThrow(CliError);
    await expect(failure).rejects.toThrow(/OPENAI_API_KEY is not set/);
    expect(server.requests).toHaveLength(0);
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses a provider it does not know, a reference without a model, and --config without --provider', async () => {
    await expect(bench('--provider', 'acme:x')).rejects.toThrow(/unknown provider "acme"/);
    await expect(bench('--provider', 'openai')).rejects.toThrow(/provider:model/);
    await expect(benchCommand.run(['--config', 'coord.config.json'])).rejects.toThrow(/--config is for --provider/);
    expect(server.requests).toHaveLength(0);
  });

  it('marks the tasks a provider error stopped as failed, with the reason, and still reports', async () => {
    failTask = tasks[1];
    const { value, stderr } = await bench();
    expect(value).toBe(0);
    expect(stderr).toContain('1 of 3 runs ended in an error');
    const runs = (await readFile(path.join(out, 'runs.jsonl'), 'utf8')).trim().split('\n').map((l) => RunRecord.parse(JSON.parse(l)));
    const failed = runs.find((r) => r.seed === tasks[1]!.seed)!;
    expect(failed).toMatchObject({ success: false, outcome: 'failed' });
    expect(failed.error).toContain('the fake refuses this task');
    expect(runs.filter((r) => r.error === undefined).map((r) => r.seed)).toEqual([tasks[0]!.seed, tasks[2]!.seed]);
    const results = BenchResults.parse(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')));
    expect(results.rows).toMatchObject([{ runs: 3, successes: 1, errors: 1 }]);
  });
});
