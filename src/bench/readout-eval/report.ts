import type { ReadoutResults } from './results.js';
import type { PairedRow } from './summary.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}`;
const ci = (i: { mean: number; low: number; high: number } | undefined, f = (x: number) => x.toFixed(2)) =>
  i === undefined ? '—' : `${f(i.mean)} (${f(i.low)}–${f(i.high)})`;

/** Threshold-free ranking quality per family and contender: AUC, first-hop AUC, R-precision, 95% bootstrap intervals. */
export function rankingTable(results: ReadoutResults): string {
  const families = [...new Set(results.ranking.map((r) => r.family))];
  const lines = ['| family | contender | AUC | first-hop AUC | R-precision |', '|---|---|---|---|---|'];
  for (const family of families) {
    for (const r of results.ranking.filter((x) => x.family === family)) {
      lines.push(`| ${family} | ${r.contender} | ${ci(r.auc)} | ${ci(r.firstHopAuc)} | ${ci(r.rPrecision)} |`);
    }
  }
  return lines.join('\n');
}

/** Needed-segment recall (%) and tokens delivered per case, every contender at every budget, for one family. */
export function recallTable(results: ReadoutResults, family: string): string {
  const budgets = results.settings.budgets;
  const rows = results.readout.filter((r) => r.family === family);
  const contenders = [...new Set(rows.map((r) => r.contender))];
  const lines = [`| ${family} | ${budgets.map((b) => `budget ${b}`).join(' | ')} |`, `|---|${budgets.map(() => '---').join('|')}|`];
  for (const contender of contenders) {
    const cells = budgets.map((b) => {
      const r = rows.find((x) => x.contender === contender && x.budget === b);
      return r ? `${pct(r.recall.mean)}% (${pct(r.recall.low)}–${pct(r.recall.high)}) · ${r.delivered.mean.toFixed(0)} tok` : '—';
    });
    lines.push(`| ${contender} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function verdict(p: PairedRow): string {
  const better = p.recallDiff.low > 0;
  const worse = p.recallDiff.high < 0;
  const moreTokens = p.deliveredDiff.low > 0;
  if (better && !moreTokens) return 'better';
  if (better) return 'more recall, more tokens';
  if (worse) return 'worse';
  return 'tie';
}

/** A contender minus each baseline, per case at the same budget: recall points and tokens, paired 95% intervals. */
export function pairedTable(paired: readonly PairedRow[], heading = 'learned − baseline'): string {
  const lines = [`| family | budget | ${heading} | recall points (95% CI) | tokens delivered (95% CI) | verdict |`, '|---|---|---|---|---|---|'];
  for (const p of paired) {
    lines.push(
      `| ${p.family} | ${p.budget} | − ${p.baseline} | ${ci(p.recallDiff, (x) => (x * 100).toFixed(1))} | ${ci(p.deliveredDiff, (x) => x.toFixed(0))} | ${verdict(p)} |`,
    );
  }
  return lines.join('\n');
}

export function readoutReport(results: ReadoutResults): string {
  const s = results.settings;
  const families = [...new Set(results.readout.map((r) => r.family))];
  const out = [
    `# Readout evaluation: ${s.corpus}`,
    '',
    `Command: \`${results.command}\``,
    '',
    `Machine: ${results.machine.cpu} (${results.machine.cores} cores), Node ${results.machine.node}. Run ${results.startedAt} – ${results.finishedAt}.`,
    '',
    `${s.validationCases} validation cases chose each contender's threshold and per-query limit per budget; ${s.testCases} test cases were then run once. ` +
      `Every contender reads through the same multi-hop readout (${s.hops} hops); tokens counted with ${s.tokenizer}. ` +
      'Delivered = tokens the readout put into the receiver\'s context; what senders generated is the same for every contender and not counted here.',
    '',
    ...(s.coordinator ? [`Learned coordinator: \`${s.coordinator.manifest}\` (sha256 ${s.coordinator.sha256.slice(0, 16)}…).`, ''] : []),
    '## Ranking (test)',
    '',
    rankingTable(results),
    '',
    '## Recall against tokens delivered (test)',
    '',
    ...families.flatMap((f) => [recallTable(results, f), '']),
    '## Learned against each baseline, paired (test)',
    '',
    pairedTable(results.paired),
    '',
    '## Operating points (chosen on validation)',
    '',
    '| contender | budget | threshold | per query | validation recall | validation delivered |',
    '|---|---|---|---|---|---|',
    ...results.thresholds.map(
      (t) =>
        `| ${t.contender} | ${t.budget} | ${typeof t.threshold === 'number' ? t.threshold.toFixed(3) : t.threshold} | ${t.perQuery ?? '—'} | ` +
        `${pct(t.validationRecall)}% | ${t.validationDelivered.toFixed(0)} |`,
    ),
    '',
  ];
  return out.join('\n');
}
