import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMachine } from '../../src/compile/machine.js';
import type { WorkflowIR } from '../../src/ir/schema.js';
import { loadWorkflow } from '../../src/language/index.js';
import { answersHumanIO } from '../../runtime/run/human-io.js';
import { replayRun, resumeRun, startRun } from '../../runtime/run/run.js';
import { FileRunStore } from '../../runtime/store/file-store.js';
import { RecordingCoordinator } from '../runtime/support/recording-coordinator.js';
import { journal, tempDir } from './support/flows.js';

/** Runs of the issue 15 patterns with function agents (offline), as `coord run` would start them. */
async function compiled(path: string): Promise<{ ir: WorkflowIR; machine: ReturnType<typeof compileMachine> }> {
  const { ir, diagnostics } = await loadWorkflow(path);
  expect(diagnostics).toEqual([]);
  return { ir: ir!, machine: compileMachine(ir!) };
}

describe('a supervisor with memory, sending each worker only its message (examples/routed-memory)', () => {
  it("its third turn still sees the researcher's reply: it reads its earlier turns and what it received", async () => {
    const { ir, machine } = await compiled('examples/routed-memory/flow.coord');
    const store = new FileRunStore(join(tempDir(), 'runs'));
    const result = await startRun({ ir, machine, store, runId: 'm' });
    expect(result.outcome).toBe('done');
    expect(result.outputs.supervisor).toMatchObject({
      next: 'finish',
      heard: ['researcher: insertion sort: it runs in near-linear time on nearly sorted input', 'coder: for i in 1..n: sift a[i] left while smaller'],
    });
    // What each turn read back is journaled with its start, by size and origin.
    const third = journal(store.root, 'm').find((r) => r.kind === 'step' && r.phase === 'start' && r.id === 'supervisor#3');
    expect(third && 'inputs' in third ? third.inputs?.memory : undefined).toEqual([
      { turn: 1, said: true, from: 'supervisor', tokens: expect.any(Number) },
      { turn: 2, said: false, from: 'researcher', tokens: expect.any(Number) },
      { turn: 2, said: true, from: 'supervisor', tokens: expect.any(Number) },
    ]);
    const replay = await replayRun({ runId: 'm', store });
    expect(replay.matches).toBe(true);
  });

  it('without memory (the IR less `memory`) it cannot tell it asked already: it asks the researcher until the bound, and never the coder', async () => {
    const { ir, machine } = await compiled('examples/routed-memory/flow.coord');
    const forgetful: WorkflowIR = { ...ir, agents: ir.agents.map(({ memory: _memory, ...agent }) => agent) };
    const result = await startRun({ ir: forgetful, machine, store: new FileRunStore(join(tempDir(), 'runs')) });
    expect(result.outcome).toBe('done');
    expect(result.outputs.supervisor).toMatchObject({ next: 'researcher', heard: ['researcher: insertion sort: it runs in near-linear time on nearly sorted input'] });
    expect(result.outputs.coder).toBeUndefined();
  });

  it('each worker receives only the message routed to it (a `when` on each channel)', async () => {
    const { ir, machine } = await compiled('examples/routed-memory/flow.coord');
    const result = await startRun({ ir, machine, store: new FileRunStore(join(tempDir(), 'runs')) });
    expect(result.outputs.researcher).toMatchObject({ received: ['ask researcher: which sorting algorithm suits nearly sorted data?'] });
    expect(result.outputs.coder).toMatchObject({ received: ['ask coder: write insertion sort in one line'] });
    const sent = result.events.flatMap((e) => (e.type === 'message.sent' ? [`${e.channel}`] : []));
    expect(sent).toEqual(['supervisor->researcher', 'researcher->supervisor', 'supervisor->coder', 'coder->supervisor']);
  });
});

describe("a person's edit reaches an agent (examples/edit-before-publish)", () => {
  it('the answer of the human step goes to the publisher as a message, through resume and replay', async () => {
    const { ir, machine } = await compiled('examples/edit-before-publish/flow.coord');
    const store = new FileRunStore(join(tempDir(), 'runs'));
    const first = await startRun({ ir, machine, store, runId: 'e' });
    expect(first.outcome).toBe('waiting_for_input');
    const resumed = await resumeRun({ runId: 'e', store, answers: { edit: 'replace cheap with affordable' } });
    expect(resumed.outcome).toBe('done');
    expect(resumed.outputs.publisher).toMatchObject({
      edit: 'replace cheap with affordable',
      published: 'coord 1.0 is out: affordable, fast multi-agent workflows on a token budget.',
    });
    const edit = resumed.events.find((e) => e.type === 'message.sent' && e.channel === 'edit->publisher');
    expect(edit).toMatchObject({ from: 'edit', to: 'publisher', mode: 'text' });
    expect(edit && 'delivered' in edit ? edit.delivered : 0).toBeGreaterThan(0);
    expect((await replayRun({ runId: 'e', store })).matches).toBe(true);
  });

  it("an approval sends the verdict and its comment; a run's channel budget holds a long answer to its size", async () => {
    const text = `workflow w {
  agent writer { function "./agents/writer.ts" budget 300 tokens per turn output { message: string } }
  agent publisher { function "./agents/publisher.ts" budget 600 tokens per turn output { published: string, edit: string, message: string } }
  channel edit -> publisher { budget 3 tokens per message  on overflow truncate }
  flow { start writer  writer -> edit  human edit approval "Publish?"  edit -> publisher  publisher -> done }
}
`;
    const { checkText } = await import('../../src/language/index.js');
    const { ir } = await checkText(text, join(process.cwd(), 'examples/edit-before-publish/approval.coord'));
    const result = await startRun({
      ir: ir!,
      machine: compileMachine(ir!),
      store: new FileRunStore(join(tempDir(), 'runs')),
      human: answersHumanIO({ edit: { approved: true, comment: 'ship it after lunch please' } }),
    });
    expect(result.outcome).toBe('done');
    const message = result.events.find((e) => e.type === 'message.sent' && e.channel === 'edit->publisher');
    expect(message).toMatchObject({ delivered: 3 });
    const edit = (result.outputs.publisher as { edit: string }).edit;
    expect(edit).toMatch(/^approved/);
    expect(edit.length).toBeLessThan('approved: ship it after lunch please'.length);
  });
});

describe('instances of one template in parallel branches (test/fixtures/valid/debate_templates.coord)', () => {
  it.each([1, 2, 3])('run to done under simulation, seed %i, each branch recording under its own name', async (seed) => {
    const { ir, machine } = await compiled('test/fixtures/valid/debate_templates.coord');
    const result = await startRun({ ir, machine, store: new FileRunStore(join(tempDir(), 'runs')), simulateSeed: seed });
    expect(result.outcome).toBe('done');
    for (const name of ['pro', 'con', 'skeptic']) expect(['yes', 'no']).toContain((result.outputs[name] as { verdict: string }).verdict);
  });
});

describe('a shared conversation (examples/writers-room)', () => {
  it('every member reads the latest of one transcript, so the editor decides on the whole exchange, with no channel declared', async () => {
    const { ir, machine } = await compiled('examples/writers-room/flow.coord');
    expect(ir.channels).toEqual([]);
    const result = await startRun({ ir, machine, store: new FileRunStore(join(tempDir(), 'runs')) });
    expect(result.outcome).toBe('done');
    expect(result.outputs.editor).toMatchObject({ next: 'publish', read: ['writer', 'critic', 'editor', 'writer', 'critic'] });
    expect(result.outputs.writer).toMatchObject({ draft: 2, message: 'Draft 2: coord runs agent teams on a budget.' });
    // What members read is charged to the conversation and to each reader, and reported as delivered.
    const delivered = result.events.flatMap((e) => (e.type === 'message.sent' && e.channel === 'room' ? [e.delivered] : []));
    const pool = (key: string) => result.budgets.find((p) => p.key === key)!;
    expect(pool('channel:room').spent).toBe(delivered.reduce((a, b) => a + b, 0));
    expect(['writer', 'critic', 'editor'].map((m) => pool(`conversation:room/${m}`).spent).reduce((a, b) => a + b, 0)).toBe(pool('channel:room').spent);
  });

  it('a member reads only the newest messages that fit its window, and no more than its own budget', async () => {
    const { ir, machine } = await compiled('examples/writers-room/flow.coord');
    const narrow: WorkflowIR = { ...ir, conversations: ir.conversations!.map((c) => ({ ...c, window: 25 })) };
    const result = await startRun({ ir: narrow, machine, store: new FileRunStore(join(tempDir(), 'runs')) });
    expect((result.outputs.editor as { read: string[] }).read).toEqual(['writer', 'critic']);
    const tight: WorkflowIR = { ...ir, conversations: ir.conversations!.map((c) => ({ ...c, budget: { ...c.budget, perMember: 20 } })) };
    const capped = await startRun({ ir: tight, machine, store: new FileRunStore(join(tempDir(), 'runs')) });
    for (const member of ['writer', 'critic', 'editor']) expect(capped.budgets.find((p) => p.key === `conversation:room/${member}`)!.spent).toBeLessThanOrEqual(20);
  });

  it('latent: messages go into the coordinator memory and each member reads a readout, held to the readout and member budgets', async () => {
    const { ir, machine } = await compiled('examples/writers-room/flow.coord');
    const latent: WorkflowIR = { ...ir, coordinator: { model: 'builtin', device: 'cpu' }, conversations: ir.conversations!.map((c) => ({ ...c, mode: 'latent', readout: 40 })) };
    const coordinator = new RecordingCoordinator();
    const result = await startRun({ ir: latent, machine, store: new FileRunStore(join(tempDir(), 'runs')), coordinator });
    // These function agents look for their peers by name, and a readout comes from the conversation: the editor never sees an approval, so the loop runs to its bound.
    const round = ['room:writer', 'room:critic', 'room:editor'];
    expect(coordinator.written.map((m) => `${m.channel.id}:${m.from}`)).toEqual([...round, ...round, ...round]);
    expect(coordinator.queries.map((q) => q.receiver)).toEqual(['critic', 'editor', 'writer', 'critic', 'editor', 'writer', 'critic', 'editor']);
    const readouts = result.events.flatMap((e) => (e.type === 'coordinator.readout' && e.channel === 'room' ? [e] : []));
    expect(readouts.every((e) => e.tokens <= 40 && e.limit <= 40)).toBe(true);
    expect((result.outputs.editor as { read: string[] }).read).toEqual(['room']);
    const spent = (key: string) => result.budgets.find((p) => p.key === key)!.spent;
    expect(spent('channel:room')).toBe(readouts.reduce((sum, e) => sum + e.tokens, 0));
    expect(spent('conversation:room/editor')).toBe(readouts.filter((e) => e.agent === 'editor').reduce((sum, e) => sum + e.tokens, 0));
  });

  it('hybrid: the gate puts each message in the transcript or in memory', async () => {
    const { ir, machine } = await compiled('examples/writers-room/flow.coord');
    const hybrid: WorkflowIR = { ...ir, coordinator: { model: 'builtin', device: 'cpu' }, conversations: ir.conversations!.map((c) => ({ ...c, mode: 'hybrid' })) };
    const coordinator = new RecordingCoordinator((message) => (message.from === 'critic' ? 'text' : 'latent'));
    const result = await startRun({ ir: hybrid, machine, store: new FileRunStore(join(tempDir(), 'runs')), coordinator });
    expect(result.outcome).toBe('done');
    // The critic's remark arrives as text in the transcript, the writer's draft through a readout of the conversation.
    expect((result.outputs.editor as { read: string[] }).read).toEqual(['critic', 'room']);
    expect(coordinator.written.map((m) => m.from)).toEqual(['writer', 'critic', 'editor']);
    const transcript = result.events.flatMap((e) => (e.type === 'message.sent' && e.channel === 'room' ? [`${e.from}->${e.to}`] : []));
    expect(transcript).toEqual(['critic->editor']);
  });
});

