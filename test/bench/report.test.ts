import { describe, expect, it } from 'vitest';
import { plots, reportMarkdown, targetChecks } from '../../src/bench/report.js';
import type { BenchResults } from '../../src/bench/results.js';
import type { SummaryRow } from '../../src/bench/metrics.js';
import { linePlot } from '../../src/bench/svg-plot.js';

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
    settings: { families: ['multihop'], policies: ['text', 'latent', 'retrieval'], budgets: [16, 32], split: 'test', count: 100, start: 0 },
    rows,
    unavailable: [],
    unsupported: [],
  };
}

describe('targetChecks', () => {
  it('meets the token target only with ≥80% fewer tokens within 2 points of full text', () => {
    const met = targetChecks(results([row({}), row({ policy: 'latent', budget: 16, success: 0.99, exchangedMean: 100, deliveredMean: 20 })]));
    expect(met[0]!.text).toMatch(/^≥80% fewer tokens within 2 points of full text: MET — latent@16 succeeds 99.0%/);
    const short = targetChecks(results([row({}), row({ policy: 'latent', budget: 16, success: 0.99, exchangedMean: 300 })]));
    expect(short[0]!.text).toMatch(/NOT MET — latent@16 .* \(50.0% fewer/);
    const worse = targetChecks(results([row({}), row({ policy: 'latent', budget: 16, success: 0.9, exchangedMean: 50 })]));
    expect(worse[0]!.text).toMatch(/NOT MET — no latent\/hybrid point is within 2 points/);
  });

  it('compares learned and retrieval on multihop at each shared readout budget', () => {
    const lines = targetChecks(
      results([
        row({}),
        row({ policy: 'latent', budget: 16, success: 0.8, deliveredMean: 30 }),
        row({ policy: 'retrieval', budget: 16, success: 0.3, successHigh: 0.4, deliveredMean: 30 }),
        row({ policy: 'latent', budget: 32, success: 0.2, deliveredMean: 30 }),
        row({ policy: 'retrieval', budget: 32, success: 0.5, successHigh: 0.6, deliveredMean: 40 }),
      ]),
    );
    expect(lines.at(-1)!.text).toMatch(/^learned coordinator beats retrieval at equal readout budget: PARTLY MET/);
  });
});

describe('the report', () => {
  it('has a table per family, the targets, and a plot per family with one line per policy', () => {
    const r = results([row({}), row({ policy: 'retrieval', budget: 16, success: 0.3 }), row({ policy: 'retrieval', budget: 32, success: 0.5 })]);
    const md = reportMarkdown(r);
    expect(md).toContain('## multihop');
    expect(md).toContain('| full text | — | 100.0% (96.0%–100.0%) | 600 / 700 |');
    expect(md).toContain('](plot-multihop.svg)');
    const svg = plots(r)['plot-multihop.svg']!;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(3);
  });

  it('escapes text in SVG', () => {
    expect(linePlot('a < b & c', 'x', 'y', [])).toContain('a &lt; b &amp; c');
  });
});
