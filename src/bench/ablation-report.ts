import { z } from 'zod';
import { SummaryRow } from './metrics.js';
import { PolicyName } from './policies.js';
import { messageRateLine } from './report.js';
import { BenchResults } from './results.js';

/** One coordinator variant of an ablation run: the model it measured and its rows. */
export const VariantResult = z.object({
  label: z.string(),
  /** The manifest, relative to the package root, and its sha256 (which pins the graphs' hashes). */
  manifest: z.string(),
  sha256: z.string(),
  config: z.object({ modules: z.number().int(), active: z.number().int(), hidden: z.number().int(), rank: z.number().int() }),
  parameters: z.number().int().optional(),
  stateBytes: z.number().int().optional(),
  /** Readout metrics of the trained model on the validation split, from its manifest (training/train.py). */
  validation: z.object({ f1: z.number(), rPrecision: z.number() }).optional(),
  rows: z.array(SummaryRow),
  unavailable: z.array(z.object({ policy: PolicyName, reason: z.string() })),
});
export type VariantResult = z.infer<typeof VariantResult>;

/** results.json of `coord bench --ablation …`: the learned policies once per variant. */
export const AblationResults = BenchResults.pick({ command: true, startedAt: true, finishedAt: true, machine: true, settings: true }).extend({
  version: z.literal(1),
  kind: z.literal('ablations'),
  variants: z.array(VariantResult),
});
export type AblationResults = z.infer<typeof AblationResults>;

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

function modelTable(results: AblationResults): string[] {
  const lines = [
    '| variant | K modules | k active | h hidden | r rank | parameters | state bytes | val F1 | val R-precision |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const v of results.variants) {
    const c = v.config;
    lines.push(
      `| ${v.label} | ${c.modules} | ${c.active} | ${c.hidden} | ${c.rank} | ${v.parameters?.toLocaleString('en-US') ?? '–'} | ${v.stateBytes ?? '–'} | ${v.validation?.f1.toFixed(3) ?? '–'} | ${v.validation?.rPrecision.toFixed(3) ?? '–'} |`,
    );
  }
  return lines;
}

/** One table per policy point: variants down, families across, each cell success (mean tokens exchanged). */
function successTables(results: AblationResults): string[] {
  const families = results.settings.families;
  const points = new Map<string, { policy: PolicyName; budget?: number }>();
  for (const v of results.variants) for (const r of v.rows) points.set(`${r.policy}/${r.budget ?? ''}`, { policy: r.policy, ...(r.budget ? { budget: r.budget } : {}) });
  const order = PolicyName.options;
  const sorted = [...points.values()].sort((a, b) => order.indexOf(a.policy) - order.indexOf(b.policy) || (a.budget ?? 0) - (b.budget ?? 0));
  const out: string[] = [];
  for (const point of sorted) {
    out.push(`### ${point.policy}${point.budget ? `, readout budget ${point.budget}` : ''}`, '');
    out.push(`| variant | ${families.map((f) => `${f} success (tokens)`).join(' | ')} |`, `|---|${families.map(() => '---').join('|')}|`);
    for (const v of results.variants) {
      const cells = families.map((family) => {
        const row = v.rows.find((r) => r.family === family && r.policy === point.policy && r.budget === point.budget);
        if (!row) return '–';
        return `${pct(row.success)} [${pct(row.successLow)}–${pct(row.successHigh)}] (${row.exchangedMean.toFixed(0)})${row.errors ? `, ${row.errors} errors` : ''}`;
      });
      out.push(`| ${v.label} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  return out;
}

export function ablationMarkdown(results: AblationResults): string {
  const s = results.settings;
  const out = [
    '# coordbench ablations',
    '',
    `Command: \`${results.command}\``,
    '',
    `Split ${s.split}, ${s.count} tasks per family from index ${s.start}; ${results.machine.cpu} (${results.machine.cores} cores), Node ${results.machine.node}; ${results.startedAt} to ${results.finishedAt}.`,
    'Success is the share of tasks solved with its 95% Wilson interval; tokens are the mean tokens exchanged per run.',
    ...messageRateLine(s),
    '',
    '## Variants',
    '',
    ...modelTable(results),
    '',
    '## Success and tokens',
    '',
    ...successTables(results),
  ];
  const notes = [
    ...results.variants.flatMap((v) => v.unavailable.map((u) => `- ${v.label}: ${u.policy} unavailable: ${u.reason}`)),
  ];
  if (notes.length > 0) out.push(...notes, '');
  return `${out.join('\n')}\n`;
}
