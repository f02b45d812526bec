import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../runtime/events.js';
import { summarise, trafficOf, type RunRecord } from '../../src/bench/metrics.js';

const base = { runId: 'r', seq: 0, t: 0 };

describe('trafficOf', () => {
  it('adds delivered text, latent readouts and generated messages, and averages coordinator time per step', () => {
    const events: RunEvent[] = [
      { ...base, type: 'message.sent', channel: 'a->b', from: 'a', to: 'b', mode: 'text', tokens: 30, delivered: 20 },
      { ...base, type: 'message.sent', channel: 'c->b', from: 'c', to: 'b', mode: 'latent', tokens: 40, delivered: 0 },
      { ...base, type: 'coordinator.step', channel: 'c->b', segments: 3, overheadMs: 4 },
      { ...base, type: 'coordinator.readout', agent: 'b', channel: 'c->b', selected: 1, tokens: 9, limit: 16 },
      { ...base, type: 'run.finished', outcome: 'done', tokens: 99, wallMs: 12 },
    ];
    expect(trafficOf(events)).toEqual({
      modelUsage: { input: 0, output: 0 },
      exchanged: 20 + 9 + 30 + 40,
      delivered: 29,
      generated: 70,
      messages: 2,
      wallMs: 12,
      coordinatorSteps: 1,
      coordinatorMs: 4,
      outcome: 'done',
    });
  });

  it("sums the turns' usage, the provider's report where there is one, and their costs where priced", () => {
    const events: RunEvent[] = [
      { ...base, type: 'turn.finished', agent: 'a', turn: 0, usage: { input: 10, output: 2 }, output: {} },
      { ...base, type: 'turn.finished', agent: 'b', turn: 0, usage: { input: 10, output: 2 }, reportedUsage: { input: 12, output: 3 }, cost: 0.5, output: {} },
    ];
    expect(trafficOf(events)).toMatchObject({ modelUsage: { input: 22, output: 5 }, cost: 0.5 });
    expect(trafficOf(events.slice(0, 1))).not.toHaveProperty('cost');
  });

  it('counts what failed turns spent as model usage too', () => {
    const events: RunEvent[] = [
      { ...base, type: 'turn.finished', agent: 'a', turn: 0, usage: { input: 10, output: 2 }, output: {} },
      { ...base, type: 'turn.failed', agent: 'b', error: 'HTTP 500 after 4 attempts', usage: { input: 40, output: 7 } },
    ];
    expect(trafficOf(events).modelUsage).toEqual({ input: 50, output: 9 });
  });
});

describe('summarise', () => {
  const record = (over: Partial<RunRecord>): RunRecord => ({
    family: 'multihop',
    policy: 'text',
    seed: 0,
    success: true,
    exchanged: 100,
    delivered: 50,
    generated: 50,
    messages: 3,
    wallMs: 10,
    coordinatorSteps: 0,
    coordinatorMs: 0,
    outcome: 'done',
    ...over,
  });

  it('groups by family, policy and budget, with success, its interval and token statistics', () => {
    const rows = summarise([
      record({ seed: 1 }),
      record({ seed: 2, success: false, exchanged: 300 }),
      record({ policy: 'latent', budget: 16, coordinatorSteps: 4, coordinatorMs: 2 }),
    ]);
    expect(rows).toHaveLength(2);
    const text = rows.find((r) => r.policy === 'text')!;
    expect(text).toMatchObject({ runs: 2, successes: 1, success: 0.5, exchangedMean: 200, exchangedP95: 300, errors: 0 });
    expect(text.successLow).toBeGreaterThan(0);
    expect(text.overheadMsPerStep).toBeUndefined();
    expect(rows.find((r) => r.policy === 'latent')).toMatchObject({ budget: 16, overheadMsPerStep: 0.5 });
    expect(text).not.toHaveProperty('modelInputMean');
  });

  it('adds the model tokens per run and the cost of the priced runs when the agents were LLMs', () => {
    const [row] = summarise([
      record({ seed: 1, usage: { input: 100, output: 10 }, cost: 0.25 }),
      record({ seed: 2, usage: { input: 300, output: 30 } }),
    ]);
    expect(row).toMatchObject({ modelInputMean: 200, modelOutputMean: 20, cost: 0.25 });
  });
});
