import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agent, WorkflowIR } from '../../src/ir/schema.js';
import type { RunEvent } from '../../runtime/events.js';
import { canonical } from '../../runtime/run/event-log.js';
import { replayRun, resumeRun, startRun } from '../../runtime/run/run.js';
import { FileRunStore } from '../../runtime/store/file-store.js';
import { MemoryRunStore } from '../../runtime/store/memory-store.js';
import { agentNode, functionAgent, textChannel, workflow } from './support/ir.js';
import { machineConfigFor } from './support/machine-config.js';

function pipeline(): WorkflowIR {
  return workflow({
    total: 20_000,
    agents: [
      functionAgent('planner', 'planner.ts', { output: [{ name: 'questions', type: 'string[]' }, { name: 'message', type: 'string' }] }),
      functionAgent('answerer', 'answerer.ts'),
      functionAgent('left', 'slow.ts'),
      functionAgent('right', 'slow.ts'),
      functionAgent('writer', 'echo.ts'),
    ],
    channels: [textChannel('planner', 'writer'), textChannel('answerer', 'writer'), textChannel('left', 'writer'), textChannel('right', 'writer', { budget: { perMessage: 3 } })],
    nodes: [
      agentNode('planner', [{ to: 'answers' }]),
      { kind: 'map', id: 'answers', agent: 'answerer', over: { node: 'planner', path: ['questions'] }, max: 10, concurrency: 3, onItemFailure: 'drop', next: [{ to: 'fan' }] },
      { kind: 'parallel', id: 'fan', branches: [{ id: 'a', steps: ['left'] }, { id: 'b', steps: ['right'] }], join: 'all', next: [{ to: 'writer' }] },
      agentNode('writer', [{ to: 'done' }]),
    ],
  });
}

function humanFlow(): WorkflowIR {
  return workflow({
    agents: [functionAgent('drafter', 'counter.ts', { output: [{ name: 'count', type: 'number' }, { name: 'message', type: 'string' }] })],
    nodes: [
      agentNode('drafter', [{ to: 'review' }]),
      { kind: 'human', id: 'review', ask: 'approval', prompt: 'Ship this draft?', next: [{ to: 'done', guard: 'approved' }, { to: 'drafter', max: 3 }] },
    ],
    guards: { approved: { kind: 'truthy', ref: { node: 'review', path: ['approved'] } } },
  });
}

function workflowEvents(events: RunEvent[]): string[] {
  return events.filter((e) => !['run.finished', 'run.resumed', 'run.paused'].includes(e.type)).map(canonical);
}

describe('the journal', () => {
  it('writes every step before the next starts: a start and a finish per step, in the order they ran', async () => {
    const store = new MemoryRunStore();
    const ir = pipeline();
    const result = await startRun({ ir, machine: machineConfigFor(ir), store, runId: 'j1', input: { topics: ['x', 'y'] } });
    expect(result.outcome).toBe('done');
    const steps = (await store.read('j1'))!.records.filter((r) => r.kind === 'step');
    const finishes = steps.filter((r) => r.phase === 'finish').map((r) => r.id);
    expect(new Set(finishes).size).toBe(finishes.length);
    expect(finishes.sort()).toEqual(['answers#1/0', 'answers#1/1', 'fan/a/left#1', 'fan/b/right#1', 'planner#1', 'writer#1']);
    expect(store.snapshot('j1')).toMatchObject({ status: 'done', value: 'done' });
  });

  it('replays a run with no agent calls and produces the same events', async () => {
    const store = new MemoryRunStore();
    const ir = pipeline();
    const original = await startRun({ ir, machine: machineConfigFor(ir), store, runId: 'j2', input: { topics: ['x', 'y', 'z'] } });
    const replayed = await replayRun({ runId: 'j2', store });
    expect(replayed.matches).toBe(true);
    expect(replayed.mismatches).toEqual([]);
    expect(replayed.outcome).toBe('done');
    expect(workflowEvents(replayed.events)).toEqual(workflowEvents(original.events));
    expect(replayed.outputs).toEqual(original.outputs);
  });

  it('notices when a journaled result no longer matches the events it produced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coord-journal-'));
    const store = new FileRunStore(dir);
    const ir = pipeline();
    await startRun({ ir, machine: machineConfigFor(ir), store, runId: 'j3' });
    const path = join(dir, 'j3', 'journal.jsonl');
    writeFileSync(path, readFileSync(path, 'utf8').replace('What is alpha?', 'What is omega?'));
    const replayed = await replayRun({ runId: 'j3', store });
    expect(replayed.matches).toBe(false);
    expect(replayed.mismatches.join('\n')).toMatch(/omega/);
  });

  it('stops at a human step with nobody to ask, and resumes with the answer without re-running finished steps', async () => {
    const store = new MemoryRunStore();
    const ir = humanFlow();
    const waiting = await startRun({ ir, machine: machineConfigFor(ir), store, runId: 'h1' });
    expect(waiting.outcome).toBe('waiting_for_input');
    expect(waiting.reason).toMatch(/human step review is waiting.*Ship this draft\?/);
    expect(waiting.events.map((e) => e.type)).toContain('human.waiting');

    const rejected = await resumeRun({ runId: 'h1', store, answers: { review: 'no' } });
    expect(rejected.outcome).toBe('waiting_for_input');
    expect(rejected.mismatches).toEqual([]);

    const approved = await resumeRun({ runId: 'h1', store, answers: { review: 'yes' } });
    expect(approved.outcome).toBe('done');
    expect(approved.outputs.drafter).toMatchObject({ count: 2 });
    expect(approved.outputs.review).toEqual({ approved: true });

    const finishes = (await store.read('h1'))!.records.flatMap((r) => (r.kind === 'step' && r.phase === 'finish' ? [r.id] : []));
    expect(finishes).toEqual(['drafter#1', 'review#1', 'drafter#2', 'review#2']);
    await expect(resumeRun({ runId: 'h1', store })).rejects.toThrow(/already finished \(done\)/);
    expect((await replayRun({ runId: 'h1', store })).matches).toBe(true);
  });

  it('refuses an answer that does not fit the question, and goes on waiting for a good one', async () => {
    const store = new MemoryRunStore();
    const ir = humanFlow();
    await startRun({ ir, machine: machineConfigFor(ir), store, runId: 'h2' });
    const result = await resumeRun({ runId: 'h2', store, answers: { review: 'perhaps' } });
    expect(result.outcome).toBe('waiting_for_input');
    expect(result.reason).toMatch(/asks for approval: answer yes or no.*still waiting/);
    expect((await resumeRun({ runId: 'h2', store, answers: { review: 'yes' } })).outcome).toBe('done');
    expect((await replayRun({ runId: 'h2', store })).matches).toBe(true);
  });
});

describe('simulation', () => {
  function llmFlow(): WorkflowIR {
    const llm = (name: string, output?: Agent['output']): Agent => ({ kind: 'llm', name, provider: 'openai', model: 'gpt-4o-mini', budget: { perTurn: 400 }, ...(output ? { output } : {}) });
    return workflow({
      total: 50_000,
      agents: [llm('planner', [{ name: 'questions', type: 'string[]' }, { name: 'satisfied', type: 'boolean' }]), llm('researcher'), llm('writer')],
      channels: [textChannel('planner', 'researcher'), textChannel('researcher', 'writer', { budget: { perMessage: 80 } })],
      nodes: [
        agentNode('planner', [{ to: 'research', guard: 'has_questions' }, { to: 'writer' }]),
        { kind: 'map', id: 'research', agent: 'researcher', over: { node: 'planner', path: ['questions'] }, max: 5, concurrency: 2, onItemFailure: 'drop', next: [{ to: 'planner', guard: 'unsatisfied', max: 3 }, { to: 'writer' }] },
        agentNode('writer', [{ to: 'done' }]),
      ],
      guards: {
        has_questions: { kind: 'compare', left: { node: 'planner', path: ['questions', 'length'] }, op: '>', right: 0 },
        unsatisfied: { kind: 'not', arg: { kind: 'truthy', ref: { node: 'planner', path: ['satisfied'] } } },
      },
    });
  }

  it('gives the same run for the same seed, marks everything simulated, and calls no provider', async () => {
    const ir = llmFlow();
    const run = (seed: number, id: string) => startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: id, simulateSeed: seed });
    const [a, b, c] = [await run(7, 's'), await run(7, 's'), await run(8, 's')];
    expect(a.outcome).toBe('done');
    expect(workflowEvents(a.events)).toEqual(workflowEvents(b.events));
    expect(workflowEvents(a.events)).not.toEqual(workflowEvents(c.events));
    expect(a.events.every((e) => e.simulated === true)).toBe(true);
    const researcherMessages = a.events.filter((e) => e.type === 'message.sent' && e.channel === 'researcher->writer');
    expect(researcherMessages.every((e) => e.type === 'message.sent' && e.delivered <= 80)).toBe(true);
  });

  it('explores different branches across seeds', async () => {
    const ir = llmFlow();
    const paths = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: `s${seed}`, simulateSeed: seed });
      paths.add(result.events.flatMap((e) => (e.type === 'state.entered' ? [e.state] : [])).join('>'));
    }
    expect(paths.size).toBeGreaterThan(2);
  });
});
