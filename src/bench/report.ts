import type { FamilyName } from './family.js';
import type { SummaryRow } from './metrics.js';
import { POLICIES, type PolicyName } from './policies.js';
import type { BenchResults } from './results.js';
import { linePlot, type PlotSeries } from './svg-plot.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => x.toFixed(0);

function pointName(row: Pick<SummaryRow, 'policy' | 'budget'>): string {
  return row.budget === undefined ? row.policy : `${row.policy}@${row.budget}`;
}

/** One SVG per family: success against mean tokens delivered, one line per policy across its budgets. */
export function plots(results: BenchResults): Record<string, string> {
  const out: Record<string, string> = {};
  for (const family of results.settings.families) {
    const rows = results.rows.filter((r) => r.family === family);
    const policies = [...new Set(rows.map((r) => r.policy))];
    const series: PlotSeries[] = policies.map((policy) => ({
      name: POLICIES[policy].label,
      points: rows
        .filter((r) => r.policy === policy)
        .map((r) => ({ x: r.deliveredMean, y: r.success, low: r.successLow, high: r.successHigh, ...(r.budget ? { label: `budget ${r.budget}` } : {}) })),
    }));
    out[`plot-${family}.svg`] = linePlot(`coordbench ${family} (${results.settings.split} split)`, 'tokens delivered per task (mean)', 'task success', series);
  }
  return out;
}

interface TargetLine {
  family: FamilyName;
  text: string;
}

/** The issue's targets, checked against what was measured; every line states the numbers it rests on. */
export function targetChecks(results: BenchResults): TargetLine[] {
  const lines: TargetLine[] = [];
  for (const family of results.settings.families) {
    const rows = results.rows.filter((r) => r.family === family);
    const text = rows.find((r) => r.policy === 'text');
    if (!text) continue;
    const learned = rows.filter((r) => r.policy === 'latent' || r.policy === 'hybrid');
    lines.push({ family, text: `≥80% fewer tokens delivered within 2 points of full text: ${tokenTarget(text, learned, 'latent/hybrid')}` });
    const oracle = rows.filter((r) => r.policy === 'oracle');
    if (oracle.length > 0) lines.push({ family, text: `for reference, the oracle readout (ceiling): ${tokenTarget(text, oracle, 'oracle')}` });
  }
  const multihop = results.rows.filter((r) => r.family === 'multihop');
  const pairs = multihop
    .filter((r) => r.policy === 'latent')
    .flatMap((l) => {
      const r = multihop.find((x) => x.policy === 'bm25' && x.budget === l.budget);
      return r ? [[l, r] as const] : [];
    });
  if (pairs.length > 0) {
    // "Beats" means the learned interval lies wholly above the baseline's, reading no more tokens.
    const wins = pairs.filter(([l, r]) => l.successLow > r.successHigh && l.deliveredMean <= r.deliveredMean);
    lines.push({
      family: 'multihop',
      text:
        `learned coordinator beats BM25 at equal readout budget (95% intervals apart, no more tokens delivered): ` +
        `${wins.length === pairs.length ? 'MET' : wins.length > 0 ? 'PARTLY MET' : 'NOT MET'} — ` +
        pairs
          .map(
            ([l, r]) =>
              `budget ${l.budget}: latent ${pct(l.success)} (${pct(l.successLow)}–${pct(l.successHigh)}, ${num(l.deliveredMean)} delivered) ` +
              `vs BM25 ${pct(r.success)} (${pct(r.successLow)}–${pct(r.successHigh)}, ${num(r.deliveredMean)} delivered)`,
          )
          .join('; '),
    });
  }
  return lines;
}

/** Whether any of `candidates` succeeds within 2 points of full text with ≥80% fewer tokens delivered, and the numbers. */
function tokenTarget(text: SummaryRow, candidates: readonly SummaryRow[], what: string): string {
  if (candidates.length === 0) return `not measured (no ${what} rows)`;
  const close = candidates.filter((r) => r.success >= text.success - 0.02);
  const best = [...close].sort((a, b) => a.deliveredMean - b.deliveredMean)[0];
  if (!best) {
    const top = [...candidates].sort((a, b) => b.success - a.success || a.deliveredMean - b.deliveredMean)[0]!;
    return `NOT MET — no ${what} point is within 2 points of full text's ${pct(text.success)}; the best is ${pointName(top)} at ${pct(top.success)}`;
  }
  const cut = 1 - best.deliveredMean / text.deliveredMean;
  return (
    `${cut >= 0.8 ? 'MET' : 'NOT MET'} — ${pointName(best)} succeeds ${pct(best.success)} (full text ${pct(text.success)}) ` +
    `with ${num(best.deliveredMean)} tokens delivered vs ${num(text.deliveredMean)} (${pct(cut)} fewer); senders generated ${num(best.generatedMean)} either way`
  );
}

const dollars = (x: number | undefined) => (x === undefined ? '—' : `$${x.toFixed(4)}`);

/** The table of one family, in policy order: the same text report.md and BENCHMARKS.md show. */
export function familyTable(results: BenchResults, family: FamilyName): string {
  const rows = results.rows
    .filter((r) => r.family === family)
    .sort((a, b) => ORDER.indexOf(a.policy) - ORDER.indexOf(b.policy) || (a.budget ?? 0) - (b.budget ?? 0));
  return table(rows, results.llm !== undefined);
}

/** One policy's rows in every family, family by family: how one setting of a policy fares across tasks. */
export function policyTable(results: BenchResults, policy: PolicyName): string {
  const rows = results.rows
    .filter((r) => r.policy === policy)
    .sort((a, b) => results.settings.families.indexOf(a.family) - results.settings.families.indexOf(b.family) || (a.budget ?? 0) - (b.budget ?? 0));
  const [head, rule, ...body] = table(rows, results.llm !== undefined).split('\n');
  return [`| family ${head}`, `|---${rule}`, ...body.map((line, i) => `| ${rows[i]!.family} ${line}`)].join('\n');
}

function table(rows: readonly SummaryRow[], llm: boolean): string {
  const head =
    '| policy | budget | success (95% CI) | delivered mean / p95 | generated mean | messages | wall ms | coordinator ms/step | errors |' +
    (llm ? ' model tokens in / out (mean) | cost |' : '') +
    '\n|---|---:|---|---:|---:|---:|---:|---:|---:|' +
    (llm ? '---:|---:|' : '');
  const body = rows.map(
    (r) =>
      `| ${POLICIES[r.policy].label} | ${r.budget ?? '—'} | ${pct(r.success)} (${pct(r.successLow)}–${pct(r.successHigh)}) | ` +
      `${num(r.deliveredMean)} / ${num(r.deliveredP95)} | ${num(r.generatedMean)} | ${r.messagesMean.toFixed(1)} | ` +
      `${r.wallMsMean.toFixed(1)} | ${r.overheadMsPerStep === undefined ? '—' : r.overheadMsPerStep.toFixed(3)} | ${r.errors} |` +
      (llm ? ` ${num(r.modelInputMean ?? 0)} / ${num(r.modelOutputMean ?? 0)} | ${dollars(r.cost)} |` : ''),
  );
  return [head, ...body].join('\n');
}

/** Who the agents were, and for LLM agents what the model used and cost. */
function agentsLine(results: BenchResults): string {
  const { llm } = results;
  if (!llm) return 'programmatic agents';
  const spent =
    llm.price === undefined
      ? `coord knows no list price for ${llm.provider}:${llm.model}, so no cost`
      : `cost ${dollars(llm.cost ?? 0)} at $${llm.price.input} / $${llm.price.output} per million input / output tokens`;
  return (
    `LLM agents on \`${llm.provider}:${llm.model}\` (${llm.usage.input} input and ${llm.usage.output} output tokens of the model in all ` +
    `over the turns that finished, as the provider reported them where it did; ${spent})`
  );
}

/** What `--message-rate` did to the channels, for the report; nothing when it was not set. */
export function messageRateLine(settings: BenchResults['settings']): string[] {
  const n = settings.messageRate;
  if (n === undefined) return [];
  return [`Message rate: every channel has \`split ${n} ${n === 1 ? 'sentence' : 'sentences'}\` (\`--message-rate ${n}\`): a turn goes out as one message per ${n === 1 ? 'sentence' : `${n} sentences`}.`];
}

const ORDER: PolicyName[] = ['text', 'truncate', 'latent', 'hybrid', 'bm25', 'embedding', 'recency', 'random', 'oracle', 'silent'];

export function reportMarkdown(results: BenchResults): string {
  const s = results.settings;
  const out: string[] = [
    '# coordbench report',
    '',
    `Command: \`${results.command}\``,
    '',
    `Machine: ${results.machine.cpu} (${results.machine.cores} cores, ${results.machine.memoryGiB.toFixed(0)} GiB), ${results.machine.os}, Node ${results.machine.node}. ` +
      `Run ${results.startedAt} – ${results.finishedAt}.`,
    '',
    `Split \`${s.split}\`, ${s.count} tasks per family (task indices ${s.start}–${s.start + s.count - 1}), ${agentsLine(results)}. ` +
      'Delivered = tokens that entered receivers\' contexts through channels (text deliveries and latent readouts): what a coordinator controls. ' +
      'Generated = tokens senders put on channels, the same under every policy; the two are reported apart.',
    '',
  ];
  if (results.coordinator) out.push(`Learned coordinator: \`${results.coordinator.manifest}\` (sha256 ${results.coordinator.sha256.slice(0, 16)}…).`, '');
  if (s.readoutFill) out.push('Readouts filled (`--readout-fill`): every readout but the oracle\'s read in score order until its budget was full, so the policies deliver the same tokens.', '');
  if (typeof s.readoutPerQuery === 'number') out.push(`Readouts limited per query (\`--readout-per-query ${s.readoutPerQuery}\`): at each hop before the last, each query read at most its ${s.readoutPerQuery} best segments; the budget left was then filled in score order.`, '');
  else out.push('Readouts not limited per query: each hop read every segment above its threshold while the budget lasted.', '');
  if (s.readoutThreshold !== undefined) out.push(`Readout threshold: ${s.readoutThreshold} (\`--readout-threshold\`): the learned coordinator reads out only segments it scores above this logit, not above its manifest's threshold.`, '');
  if (s.gateThreshold !== undefined) out.push(`Gate threshold: ${s.gateThreshold} (\`--gate-threshold\`): ${s.gateThreshold === '-Infinity' ? 'the hybrid gate forwarded every message as text (always send)' : s.gateThreshold === 'Infinity' ? 'the hybrid gate kept every message latent (never send)' : "a hybrid message went as text when a segment scored above this for its receiver, not above the manifest's gate threshold"}.`, '');
  const rate = messageRateLine(s);
  if (rate.length > 0) out.push(...rate, '');
  if (s.style === 'chatty') out.push('Message style: `chatty` (`--style chatty`): senders pad their facts the way chat LLMs do (docs/coordbench.md, "Message style").', '');
  for (const u of results.unavailable) out.push(`- **${POLICIES[u.policy].label}**: ${u.reason}`);
  if (results.unavailable.length > 0) out.push('');
  for (const family of s.families) {
    out.push(`## ${family}`, '', familyTable(results, family), '', `![${family}: success vs tokens](plot-${family}.svg)`, '');
  }
  const targets = targetChecks(results);
  if (targets.length > 0) {
    out.push('## Targets', '');
    for (const t of targets) out.push(`- ${t.family}: ${t.text}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
