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

/** One row of a compact heat map: one cell per module, filled when the module was active. */
export function heatRow(active: number[], moduleCount: number): string {
  const on = new Set(active);
  let row = '';
  for (let m = 0; m < moduleCount; m++) row += on.has(m) ? '■' : '·';
  return row;
}

export function budgetLine(b: BudgetView, width: number): string {
  const label = b.label.length > 20 ? `${b.label.slice(0, 19)}…` : b.label;
  const numbers = `${formatTokens(b.used)}/${formatTokens(b.limit)} ${percent(b.used, b.limit).padStart(4)}`;
  const barWidth = Math.max(4, Math.min(30, width - 22 - numbers.length - 2));
  return `${label.padEnd(21)}${bar(b.used, b.limit, barWidth)} ${numbers}${b.overflow ? ` ${b.overflow}` : ''}`;
}

/** The final summary as plain lines: per agent and channel, tokens used against budget, cost, time, outcome. */
export function summaryLines(view: ViewModel): string[] {
  const budgets = new Map(view.budgets.map((b) => [b.key, b]));
  const lines: string[] = [];
  const outcome = view.outcome;
  lines.push(
    `${view.workflow} ${outcome ? outcome.kind : 'running'}${outcome?.reason ? `: ${outcome.reason}` : ''}` +
      `${view.simulated ? ' (simulated)' : ''}`,
  );
  lines.push(`${'agent'.padEnd(20)} ${'turns'.padStart(5)} ${'tokens'.padStart(8)} ${'budget'.padStart(8)} ${'cost'.padStart(9)}`);
  for (const a of view.agents) {
    const limit = budgets.get(`agent:${a.name}`)?.limit;
    lines.push(
      `${a.name.padEnd(20)} ${String(a.turns).padStart(5)} ${String(a.tokens).padStart(8)} ${(limit ? String(limit) : '—').padStart(8)} ${formatCost(a.cost).padStart(9)}`,
    );
  }
  const channels = view.budgets.filter((b) => b.key.startsWith('channel:'));
  if (channels.length > 0) {
    lines.push(`${'channel'.padEnd(20)} ${'used'.padStart(14)} ${'budget'.padStart(8)}`);
    for (const c of channels) {
      lines.push(`${c.key.slice('channel:'.length).padEnd(20)} ${String(c.used).padStart(14)} ${String(c.limit).padStart(8)}${c.overflow ? ` (${c.overflow})` : ''}`);
    }
  }
  const run = budgets.get('run');
  const total = outcome?.tokens ?? run?.used ?? 0;
  lines.push(
    `total ${total} tokens${run ? ` of ${run.limit}` : ''}` +
      `, ${view.tokensDelivered} delivered of ${view.tokensSent} sent` +
      `${view.cost > 0 ? `, ${formatCost(view.cost)}` : ''}, ${formatDuration(outcome?.wallMs ?? view.elapsedMs)}`,
  );
  return lines;
}
