import { describe, expect, it } from 'vitest';
import { budgetLevel, initialView, reduce } from '../../src/ui/view-model.js';
import { createPlainPrinter } from '../../src/ui/plain-printer.js';
import { reserved, script, started } from './script.js';

const fold = (events: ReturnType<typeof script>) => events.reduce(reduce, initialView());

describe('dashboard view model', () => {
  it('starts with one budget per run, agent and channel, all at zero', () => {
    const view = fold(script(started));
    expect(view.budgets.map((b) => [b.key, b.used, b.limit])).toEqual([
      ['run', 0, 1000],
      ['agent:planner', 0, 400],
      ['agent:writer', 0, 400],
      ['channel:planner->writer', 0, 200],
    ]);
  });

  it('tracks budget use from reservations and colours at 70% and 90%', () => {
    const view = fold(script(started, reserved('run', 750, 1000), reserved('agent:planner', 380, 400)));
    expect(view.budgets.find((b) => b.key === 'run')?.used).toBe(750);
    expect(budgetLevel(0, 1000)).toBe('ok');
    expect(budgetLevel(699, 1000)).toBe('ok');
    expect(budgetLevel(750, 1000)).toBe('warn');
    expect(budgetLevel(950, 1000)).toBe('danger');
  });

  it('marks the channel whose overflow policy fired', () => {
    const view = fold(script(started, { type: 'message.overflow', channel: 'planner->writer', policy: 'truncate', tokens: 300, limit: 200 }));
    expect(view.budgets.find((b) => b.key === 'channel:planner->writer')?.overflow).toBe('truncate');
    expect(view.notices.at(-1)).toContain('300 > 200');
  });

  it('notes each tool call, with its tokens and status when it was not plain', () => {
    const called = (status: 'ok' | 'cut') => ({ type: 'tool.called' as const, agent: 'planner', turn: 1, tool: 'find_book', declared: 'catalog', tokens: 40, status });
    const view = fold(script(started, called('ok'), called('cut')));
    expect(view.notices.slice(-2)).toEqual(['planner called find_book: 40 tokens', 'planner called find_book: 40 tokens, cut']);
    const out: string[] = [];
    const printer = createPlainPrinter((l) => out.push(l));
    for (const e of script(started, called('cut'))) printer.onEvent(e);
    expect(out.join('')).toContain('planner called find_book: 40 tokens back (cut)');
  });

  it('keeps recent messages with the tokens saved against the full text', () => {
    const view = fold(
      script(started, { type: 'message.sent', channel: 'planner->writer', from: 'planner', to: 'writer', mode: 'hybrid', tokens: 120, delivered: 30 }),
    );
    expect(view.messages).toEqual([expect.objectContaining({ from: 'planner', to: 'writer', tokens: 120, delivered: 30 })]);
    expect(view.tokensSent - view.tokensDelivered).toBe(90);
  });

  it('records coordinator activity and the final outcome', () => {
    const view = fold(
      script(
        started,
        { type: 'coordinator.step', channel: 'planner->writer', gate: 'latent', segments: 4, overheadMs: 0.2 },
        { type: 'run.finished', outcome: 'cancelled', reason: 'stopped by the user', tokens: 420, wallMs: 1500 },
      ),
    );
    expect(view.coordinator.steps[0]?.segments).toBe(4);
    expect(view.coordinator.steps[0]?.gate).toBe('latent');
    expect(view.outcome).toEqual({ kind: 'cancelled', reason: 'stopped by the user', tokens: 420, wallMs: 1500 });
  });

  it('charges what a failed turn spent to its agent and the run', () => {
    const view = fold(script(started, { type: 'turn.failed', agent: 'planner', error: 'invalid output twice', usage: { input: 120, output: 30 } }));
    expect(view.agents.find((a) => a.name === 'planner')).toMatchObject({ status: 'failed', tokens: 150 });
    expect(view.budgets.find((b) => b.key === 'agent:planner')?.used).toBe(150);
    expect(view.budgets.find((b) => b.key === 'run')?.used).toBe(150);
  });

  it('prints the same story line by line without escape codes', () => {
    const out: string[] = [];
    const printer = createPlainPrinter((l) => out.push(l));
    for (const e of script(
      started,
      { type: 'turn.started', agent: 'planner', turn: 0 },
      { type: 'turn.failed', agent: 'planner', error: 'provider timed out' },
      { type: 'run.finished', outcome: 'failed', reason: 'planner failed', tokens: 10, wallMs: 300 },
    ))
      printer.onEvent(e);
    const text = out.join('');
    expect(text).toContain('planner failed: provider timed out');
    expect(text).toContain('outcome: failed (planner failed)');
    expect(text).not.toMatch(/\x1b\[/);
  });

  it('prints in full what a waiting human step is about, under the question', () => {
    const out: string[] = [];
    const printer = createPlainPrinter((l) => out.push(l));
    const about = [{ from: 'drafter', text: '# Release 1.2.0\n\n- map fan-out\n' }];
    for (const e of script(started, { type: 'human.waiting', node: 'publish', ask: 'approval', prompt: 'Publish these release notes?', about })) printer.onEvent(e);
    expect(out.join('')).toMatch(/waiting for input at publish: Publish these release notes\?\n {9}from drafter:\n {11}# Release 1\.2\.0\n\n {11}- map fan-out\n$/);
  });

  it('keeps budget bars current: each turn, message and readout adds what the ledger charged', () => {
    const view = fold(
      script(
        started,
        reserved('agent:planner', 0, 400),
        { type: 'turn.finished', agent: 'planner', turn: 1, usage: { input: 10, output: 20 }, reportedUsage: { input: 12, output: 25 }, output: {} },
        { type: 'message.sent', channel: 'planner->writer', from: 'planner', to: 'writer', mode: 'text', tokens: 30, delivered: 25 },
        { type: 'coordinator.readout', agent: 'writer', channel: 'planner->writer', selected: 2, tokens: 15, limit: 100 },
      ),
    );
    const used = Object.fromEntries(view.budgets.map((b) => [b.key, b.used]));
    expect(used).toEqual({ run: 37, 'agent:planner': 37, 'agent:writer': 0, 'channel:planner->writer': 40 });
    expect(view.agents.find((a) => a.name === 'planner')?.tokens).toBe(37);
    const finished = reduce(view, { runId: 'r1', seq: 9, t: 900, type: 'run.finished', outcome: 'done', tokens: 45, wallMs: 900 });
    expect(finished.budgets.find((b) => b.key === 'run')?.used).toBe(45);
  });

  it('folds events restored from the journal into the summary without printing them again', () => {
    const out: string[] = [];
    const printer = createPlainPrinter((l) => out.push(l));
    const [start, turn, done] = script(
      started,
      { type: 'turn.finished', agent: 'planner', turn: 1, usage: { input: 0, output: 40 }, output: {} },
      { type: 'run.finished', outcome: 'done', tokens: 40, wallMs: 10 },
    );
    printer.onEvent(start!, { replayed: true });
    printer.onEvent(turn!, { replayed: true });
    printer.onEvent(done!, { replayed: false });
    const text = out.join('');
    expect(text).not.toContain('planner done');
    expect(text).toContain('(1 finished steps restored from the journal, not run again)');
    expect(text).toMatch(/^agent planner\s+40 \/ 400\s+1$/m);
    expect(text).toContain('outcome: done');
  });
});

