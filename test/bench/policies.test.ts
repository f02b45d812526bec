import { describe, expect, it } from 'vitest';
import { PolicyName, applyPolicy, parsePolicies, sweepPoints } from '../../src/bench/policies.js';
import { buildIr } from './support.js';

describe('applyPolicy', () => {
  const ir = buildIr();

  it('puts every channel in full text without budgets for `text`', () => {
    const out = applyPolicy(ir, { policy: 'text' }, {});
    for (const c of out.channels) {
      expect(c).toMatchObject({ mode: 'text', budget: {}, compress: { method: 'none' } });
      expect(c.readout).toBeUndefined();
    }
    expect(out.coordinator).toBeUndefined();
  });

  it('sets the per-message budget for `truncate` and the readout for latent policies', () => {
    expect(applyPolicy(ir, { policy: 'truncate', budget: 24 }, {}).channels[0]).toMatchObject({ mode: 'text', budget: { perMessage: 24 }, overflow: 'truncate' });
    expect(applyPolicy(ir, { policy: 'bm25', budget: 40 }, {}).channels[0]).toMatchObject({ mode: 'latent', readout: 40 });
    expect(applyPolicy(ir, { policy: 'hybrid', budget: 40 }, { squeezeLevel: 2 }).channels[0]).toMatchObject({
      mode: 'hybrid',
      readout: 40,
      compress: { method: 'squeeze', level: 2 },
    });
  });

  it('declares the learned coordinator only for latent and hybrid, with the model and device asked for', () => {
    expect(applyPolicy(ir, { policy: 'latent', budget: 8 }, {}).coordinator).toEqual({ model: 'builtin', device: 'auto' });
    expect(applyPolicy(ir, { policy: 'latent', budget: 8 }, { coordinatorModel: '/m.json', device: 'cpu' }).coordinator).toEqual({ model: '/m.json', device: 'cpu' });
    expect(applyPolicy(ir, { policy: 'bm25', budget: 8 }, {}).coordinator).toBeUndefined();
  });

  it('drops every message for `silent`', () => {
    expect(applyPolicy(ir, { policy: 'silent' }, {}).channels[0]).toMatchObject({ mode: 'text', budget: { perMessage: 1 }, overflow: 'drop' });
  });

  it('leaves the workflow it was given unchanged', () => {
    const before = structuredClone(ir);
    applyPolicy(ir, { policy: 'latent', budget: 8 }, {});
    expect(ir).toEqual(before);
  });

  it('refuses a budgeted policy without a budget', () => {
    expect(() => applyPolicy(ir, { policy: 'truncate' }, {})).toThrow(/needs a positive budget/);
  });
});

describe('sweeps and knobs', () => {
  it('run budgeted policies once per budget and the others once', () => {
    expect(sweepPoints(['text', 'latent'], [8, 16])).toEqual([{ policy: 'text' }, { policy: 'latent', budget: 8 }, { policy: 'latent', budget: 16 }]);
  });

  it('parse policy lists and name the valid ones on a mistake', () => {
    expect(parsePolicies('all')).toEqual(['text', 'truncate', 'latent', 'hybrid', 'bm25', 'embedding', 'recency', 'random', 'oracle', 'silent']);
    expect(parsePolicies('text, bm25')).toEqual(['text', 'bm25']);
    expect(() => parsePolicies('texts')).toThrow(/use one of text, truncate/);
  });

  it('split every channel at the message rate under every policy, and none without it', () => {
    const ir = buildIr();
    expect(ir.channels.length).toBeGreaterThan(0);
    for (const policy of PolicyName.options) {
      const point = { policy, budget: 32 };
      expect(applyPolicy(ir, point, { messageRate: 2 }).channels.map((c) => c.split)).toEqual(ir.channels.map(() => ({ sentences: 2 })));
      for (const c of applyPolicy(ir, point, {}).channels) expect(c.split).toBeUndefined();
    }
  });
});
