import type { RunEvent } from '../../../runtime/events.js';
import type { Pool } from '../../../runtime/ledger/ledger.js';
import type { RunResult } from '../../../runtime/run/run.js';

/**
 * The table printed when a run ends: tokens used against each budget for the run,
 * every agent and every channel, cost where known, wall time and outcome.
 */
export function summaryText(result: RunResult): string {
  const rows: Array<[string, string, string]> = [];
  const pools = new Map(result.budgets.map((pool) => [pool.key, pool]));
  const costs = costByAgent(result.events);
  const add = (label: string, pool: Pool | undefined, cost?: number) => {
    if (!pool) return;
    rows.push([label, `${pool.spent}${pool.limit !== undefined ? ` / ${pool.limit}` : ''}`, cost !== undefined ? `$${cost.toFixed(4)}` : '']);
  };
  add('run', pools.get('run'), result.cost);
  for (const pool of result.budgets.filter((p) => p.level === 'agent')) add(`agent ${pool.key.slice('agent:'.length)}`, pool, costs.get(pool.key.slice('agent:'.length)));
  for (const pool of result.budgets.filter((p) => p.level === 'channel')) add(`channel ${pool.key.slice('channel:'.length)}`, pool);
  const width = Math.max(...rows.map((r) => r[0].length), 6);
  const used = Math.max(...rows.map((r) => r[1].length), 6);
  const lines = [
    `${'budget'.padEnd(width)}  ${'tokens'.padStart(used)}  cost`,
    ...rows.map(([label, tokens, cost]) => `${label.padEnd(width)}  ${tokens.padStart(used)}  ${cost}`.trimEnd()),
    '',
    `outcome: ${result.outcome}${result.reason ? ` (${result.reason})` : ''}`,
    `wall time: ${(result.wallMs / 1000).toFixed(2)} s`,
  ];
  return `${lines.join('\n')}\n`;
}

function costByAgent(events: RunEvent[]): Map<string, number> {
  const costs = new Map<string, number>();
  for (const event of events) {
    if (event.type === 'turn.finished' && event.cost !== undefined) costs.set(event.agent, (costs.get(event.agent) ?? 0) + event.cost);
  }
  return costs;
}
