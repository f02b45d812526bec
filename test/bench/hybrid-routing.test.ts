import { describe, expect, it } from 'vitest';
import { HybridRoutingResults, routingPairedTable, routingTable } from '../../src/bench/hybrid-routing.js';

const at = (mean: number, low: number, high: number) => ({ mean, low, high });
const results = HybridRoutingResults.parse({
  command: 'npx tsx bench/hybrid-routing.ts',
  startedAt: 'a',
  finishedAt: 'b',
  count: 2,
  choice: { split: 'validation', count: 2, gateThreshold: -1, grid: [{ gateThreshold: -1, success: 0.5, delivered: 10 }] },
  rows: [
    { family: 'relay', budget: 16, routing: 'segment', tasks: 2, success: at(0.5, 0, 1), delivered: at(10, 8, 12) },
    { family: 'relay', budget: 16, routing: 'always-send', tasks: 2, success: at(1, 1, 1), delivered: at(30, 30, 30) },
  ],
  paired: [
    { family: 'relay', budget: 16, baseline: 'always-send', tasks: 2, successDiff: at(-0.5, -1, 0), deliveredDiff: at(-20, -22, -18) },
    { family: 'relay', budget: 16, baseline: 'never-send', tasks: 2, successDiff: at(0.2, 0.1, 0.3), deliveredDiff: at(1, -1, 3) },
    { family: 'relay', budget: 16, baseline: 'message-gate', tasks: 2, successDiff: at(-0.2, -0.3, -0.1), deliveredDiff: at(-5, -6, -4) },
  ],
});

describe('hybrid routing tables', () => {
  it('puts every routing of a family and budget on one row', () => {
    expect(routingTable(results).split('\n')[2]).toBe('| relay | 16 | 50.0 (0.0–100.0)% · 10 | 100.0 (100.0–100.0)% · 30 |');
  });

  it('calls a paired difference only where its intervals say so', () => {
    const verdicts = routingPairedTable(results).split('\n').slice(2).map((line) => line.split(' | ').at(-1));
    expect(verdicts).toEqual(['same success, fewer tokens |', 'better |', 'less success, fewer tokens |']);
  });
});
