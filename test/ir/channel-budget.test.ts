import { describe, expect, it } from 'vitest';
import { channelBudget, DEFAULT_READOUT_TOKENS } from '../../src/ir/channel-budget.js';
import type { Channel } from '../../src/ir/schema.js';

function channel(extra: Partial<Channel>): Channel {
  return { id: 'a->b', from: 'a', to: 'b', mode: 'text', budget: {}, compress: { method: 'none' }, overflow: 'truncate', ...extra };
}

describe('a channel budget', () => {
  it('has no per-message limit unless it declares one', () => {
    expect(channelBudget(channel({}))).toEqual({ perMessage: Infinity });
    expect(channelBudget(channel({ budget: { perMessage: 40 } }))).toEqual({ perMessage: 40, aim: 40 });
  });

  it('lets a readout take the declared readout, else the per-message budget, else the default', () => {
    expect(channelBudget(channel({ mode: 'latent', readout: 70, budget: { perMessage: 40 } })).readout).toBe(70);
    expect(channelBudget(channel({ mode: 'hybrid', budget: { perMessage: 40 } })).readout).toBe(40);
    expect(channelBudget(channel({ mode: 'latent' })).readout).toBe(DEFAULT_READOUT_TOKENS);
    expect(channelBudget(channel({ mode: 'text', readout: 70 })).readout).toBeUndefined();
  });

  it('tells a sender to aim at the per-message budget, else a declared readout, else at nothing', () => {
    expect(channelBudget(channel({ mode: 'latent', readout: 70 })).aim).toBe(70);
    expect(channelBudget(channel({ mode: 'latent', readout: 70, budget: { perMessage: 40 } })).aim).toBe(40);
    expect(channelBudget(channel({ mode: 'latent' })).aim).toBeUndefined();
  });
});
