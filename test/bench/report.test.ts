import { describe, expect, it } from 'vitest';
import { plots, reportMarkdown, targetChecks } from '../../src/bench/report.js';
import type { BenchResults } from '../../src/bench/results.js';
import type { SummaryRow } from '../../src/bench/metrics.js';
import { linePlot, ticks } from '../../src/bench/svg-plot.js';

function row(over: Partial<SummaryRow>): SummaryRow {
  return {
    family: 'multihop',
    policy: 'text',
    runs: 100,
    successes: 100,
    success: 1,
    successLow: 0.96,
    successHigh: 1,
    exchangedMean: 600,
    exchangedP95: 700,
    deliveredMean: 300,
    deliveredP95: 350,
    generatedMean: 300,
    messagesMean: 5,
    wallMsMean: 10,
    errors: 0,
    ...over,
  };
}

function results(rows: SummaryRow[]): BenchResults {
  return {
    version: 1,
    command: 'coord bench',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:01:00Z',
    machine: { cpu: 'cpu', cores: 2, memoryGiB: 8, os: 'linux', node: '24' },
    settings: { families: ['multihop'], policies: ['text', 'latent', 'bm25'], budgets: [16, 32], split: 'test', count: 100, start: 0 },
    rows,
    unavailable: [],
  };
}

describe('targetChecks', () => {
  it('meets the token target only with ≥80% fewer tokens delivered within 2 points of full text', () => {
    const met = targetChecks(results([row({}), row({ policy: 'latent', budget: 16, success: 0.99, deliveredMean: 20 })]));
    expect(met[0]!.text).toMatch(/^≥80% fewer tokens delivered within 2 points of full text: MET — latent@16 succeeds 99.0%/);
    const short = targetChecks(results([row({}), row({ policy: 'latent', budget: 16, success: 0.99, deliveredMean: 150 })]));
    expect(short[0]!.text).toMatch(/NOT MET — latent@16 .* \(50.0% fewer\)/);
    const worse = targetChecks(results([row({}), row({ policy: 'latent', budget: 16, success: 0.9, deliveredMean: 25 })]));
    expect(worse[0]!.text).toMatch(/NOT MET — no latent\/hybrid point is within 2 points/);
  });

  it('states the oracle ceiling beside the learned rows', () => {
    const lines = targetChecks(results([row({}), row({ policy: 'oracle', budget: 16, success: 1, deliveredMean: 10 })]));
    expect(lines.map((l) => l.text)).toEqual([
      '≥80% fewer tokens delivered within 2 points of full text: not measured (no latent/hybrid rows)',
      'for reference, the oracle readout (ceiling): MET — oracle@16 succeeds 100.0% (full text 100.0%) with 10 tokens delivered vs 300 (96.7% fewer); senders generated 300 either way',
    ]);
  });

  it('counts a learned win over BM25 only when the intervals are apart, at no more tokens', () => {
    const lines = targetChecks(
      results([
        row({}),
        row({ policy: 'latent', budget: 16, success: 0.8, successLow: 0.7, deliveredMean: 30 }),
        row({ policy: 'bm25', budget: 16, success: 0.3, successHigh: 0.4, deliveredMean: 30 }),
        row({ policy: 'latent', budget: 32, success: 0.55, successLow: 0.45, deliveredMean: 30 }),
        row({ policy: 'bm25', budget: 32, success: 0.5, successHigh: 0.6, deliveredMean: 40 }),
      ]),
    );
    expect(lines.at(-1)!.text).toMatch(/^learned coordinator beats BM25 at equal readout budget \(95% intervals apart, no more tokens delivered\): PARTLY MET/);
  });
});

describe('the report', () => {
  it('has a table per family, the targets, and a plot per family with one line per policy', () => {
    const r = results([row({}), row({ policy: 'bm25', budget: 16, success: 0.3 }), row({ policy: 'bm25', budget: 32, success: 0.5 })]);
    const md = reportMarkdown(r);
    expect(md).toContain('## multihop');
    expect(md).toContain('| full text | — | 100.0% (96.0%–100.0%) | 300 / 350 | 300 |');
    expect(md).toContain('](plot-multihop.svg)');
    const svg = plots(r)['plot-multihop.svg']!;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(3);
  });

  it('says what the message rate did to the channels, and nothing when it was not set', () => {
    const plain = results([row({})]);
    expect(reportMarkdown(plain)).not.toContain('Message rate');
    const split = { ...plain, settings: { ...plain.settings, messageRate: 4 } };
    expect(reportMarkdown(split)).toContain('Message rate: every channel has `split 4 sentences` (`--message-rate 4`): a turn goes out as one message per 4 sentences.');
  });

  it('draws an axis that reaches past the largest value, in round steps', () => {
    expect(ticks(1098)).toEqual([0, 500, 1000, 1500]);
    expect(ticks(630)).toEqual([0, 200, 400, 600, 800]);
    expect(ticks(0)).toEqual([0]);
  });

  it('escapes text in SVG', () => {
    expect(linePlot('a < b & c', 'x', 'y', [])).toContain('a &lt; b &amp; c');
  });
});
