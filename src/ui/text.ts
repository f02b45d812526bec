import type { BudgetView, ViewModel } from './view-model.js';

/** Text pieces shared by the Ink dashboard and the plain printer, so both say the same thing. */

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  return String(n);
}

export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function formatCost(usd: number): string {
  return usd > 0 ? `$${usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2)}` : '';
}

/** A bar of `width` cells, filled in proportion to used/limit (capped at full). */
export function bar(used: number, limit: number, width: number): string {
  const cells = Math.max(1, width);
  const filled = limit > 0 ? Math.min(cells, Math.round((used / limit) * cells)) : 0;
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}

export function percent(used: number, limit: number): string {
  return limit > 0 ? `${Math.round((used / limit) * 100)}%` : '—';
}

export function budgetLine(b: BudgetView, width: number): string {
  const label = b.label.length > 20 ? `${b.label.slice(0, 19)}…` : b.label;
  const numbers = `${formatTokens(b.used)}/${formatTokens(b.limit)} ${percent(b.used, b.limit).padStart(4)}`;
  const barWidth = Math.max(4, Math.min(30, width - 22 - numbers.length - 2));
  return `${label.padEnd(21)}${bar(b.used, b.limit, barWidth)} ${numbers}${b.overflow ? ` ${b.overflow}` : ''}`;
}

/**
 * The final summary as plain lines, the same on the dashboard and in plain output: tokens
 * against every budget (run, agents, channels), turns and cost per agent, tokens sent and
 * delivered through channels, wall time and the outcome.
 */
export function summaryLines(view: ViewModel): string[] {
  const budgets = new Map(view.budgets.map((b) => [b.key, b]));
  const rows: Array<[string, string, string, string]> = [];
  const usedOf = (used: number, limit: number | undefined) => `${used}${limit !== undefined ? ` / ${limit}` : ''}`;
  const run = budgets.get('run');
  const total = view.outcome?.tokens ?? run?.used ?? 0;
  rows.push(['run', usedOf(total, run?.limit), '', formatCost(view.cost)]);
  for (const a of view.agents) {
    rows.push([`agent ${a.name}`, usedOf(budgets.get(`agent:${a.name}`)?.used ?? a.tokens, budgets.get(`agent:${a.name}`)?.limit), String(a.turns), formatCost(a.cost)]);
  }
  for (const c of view.budgets.filter((b) => b.key.startsWith('channel:'))) {
    rows.push([`channel ${c.label}`, usedOf(c.used, c.limit), '', c.overflow ? `(${c.overflow})` : '']);
  }
  const width = Math.max(6, ...rows.map((r) => r[0].length));
  const tokens = Math.max(6, ...rows.map((r) => r[1].length));
  const line = (cells: [string, string, string, string]) =>
    `${cells[0].padEnd(width)}  ${cells[1].padStart(tokens)}  ${cells[2].padStart(5)}  ${cells[3]}`.trimEnd();
  const outcome = view.outcome;
  return [
    line(['budget', 'tokens', 'turns', 'cost']),
    ...rows.map(line),
    `messages: ${view.tokensSent} tokens sent, ${view.tokensDelivered} delivered`,
    `wall time: ${wallTime(outcome?.wallMs ?? view.elapsedMs)}`,
    `outcome: ${outcome ? outcome.kind : 'running'}${outcome?.reason ? ` (${outcome.reason})` : ''}${view.simulated ? ' (simulated)' : ''}`,
  ];
}

/** Seconds to the hundredth for short runs (most offline runs take well under one), else as formatDuration. */
function wallTime(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(2)} s` : formatDuration(ms);
}
