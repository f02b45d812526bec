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
        { type: 'coordinator.step', channel: 'planner->writer', activeModules: [0, 3, 7], gate: 'latent', segments: 4, overheadMs: 0.2 },
        { type: 'run.finished', outcome: 'cancelled', reason: 'stopped by the user', tokens: 420, wallMs: 1500 },
      ),
    );
    expect(view.coordinator.moduleCount).toBe(8);
    expect(view.coordinator.steps[0]?.gate).toBe('latent');
    expect(view.outcome).toEqual({ kind: 'cancelled', reason: 'stopped by the user', tokens: 420, wallMs: 1500 });
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
    expect(text).toContain('brief failed: planner failed');
    expect(text).not.toMatch(/\x1b\[/);
  });
});
