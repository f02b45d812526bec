/**
 * Squeeze on coordbench: every family's workflow with text channels, first as
 * full text (no compression: the baseline), then with `compress squeeze` at each
 * level 0–3 (which also leaves out segments the receiver already holds, at the
 * default threshold). Per family and level: tokens delivered and generated
 * (means, reported apart), the reduction of delivered tokens against full text, and task success with its 95%
 * Wilson interval, checked against the issue's target (≥ 40% fewer tokens,
 * success within 1 point of full text). `--style chatty` has the senders pad their
 * messages the way chat LLM agents do (src/bench/chatty.ts); the table then adds the
 * same tasks with plain senders as a reference: all padding removed and nothing else.
 *
 *   npx tsx bench/squeeze-coordbench.ts                    # 200 test tasks per family
 *   npx tsx bench/squeeze-coordbench.ts --style chatty     # the same tasks, chatty senders
 *   npx tsx bench/squeeze-coordbench.ts --count 50 --json  # raw rows
 *   npx tsx bench/squeeze-coordbench.ts --style chatty --split validation  # develop on train/validation, report test
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FamilyName, MessageStyle } from '../src/bench/family.js';
import { runHarness } from '../src/bench/harness.js';
import { Split } from '../src/bench/splits.js';
import { summarise, type SummaryRow } from '../src/bench/metrics.js';
import { wilson } from '../src/bench/stats.js';
import { compileMachine } from '../src/compile/machine.js';
import type { WorkflowIR } from '../src/ir/schema.js';
import { loadBenchWorkflows } from '../src/bench/workflows.js';

const LEVELS = [0, 1, 2, 3] as const;
const TARGET_REDUCTION = 0.4;
const TARGET_SUCCESS_GAP = 0.01;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    start: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '8' },
    style: { type: 'string', default: 'plain' },
    split: { type: 'string', default: 'test' },
    json: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const start = Number(values.start);
const parsedStyle = MessageStyle.safeParse(values.style);
if (!parsedStyle.success) {
  console.error(`--style must be one of ${MessageStyle.options.join(', ')}, not "${values.style}"`);
  process.exit(2);
}
const style = parsedStyle.data;
const parsedSplit = Split.safeParse(values.split);
if (!parsedSplit.success) {
  console.error(`--split must be one of ${Split.options.join(', ')}, not "${values.split}"`);
  process.exit(2);
}
const split = parsedSplit.data;
const families = FamilyName.options;


/** One setting: full text (level undefined) or squeeze at a level; the text policy, every family. */
async function measure(level: number | undefined, irs: Record<FamilyName, WorkflowIR>, senders = style): Promise<SummaryRow[]> {
  const { records } = await runHarness({
    families,
    policies: ['text'],
    budgets: [],
    split,
    count,
    start,
    style: senders,
    knobs: level === undefined ? {} : { squeezeLevel: level },
    workflows: irs,
    compile: compileMachine,
    learnedCoordinator: () => Promise.reject(new Error('text channels need no coordinator')),
    concurrency: Number(values.concurrency),
  });
  return summarise(records);
}

interface Line {
  family: FamilyName | 'all';
  setting: string;
  row: SummaryRow;
  deliveredReduction?: number;
  successGap?: number;
  meetsTarget?: boolean;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const signedPts = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;

const started = Date.now();
const irs = await loadBenchWorkflows(path.join(import.meta.dirname, '..'), families);
const baseline = await measure(undefined, irs);
const squeezed = new Map<number, SummaryRow[]>();
for (const level of LEVELS) squeezed.set(level, await measure(level, irs));
const unpadded = style === 'chatty' ? await measure(undefined, irs, 'plain') : undefined;

/** Every family together: each family runs the same number of tasks, so means average. */
function pooled(rows: SummaryRow[]): SummaryRow {
  const runs = rows.reduce((a, r) => a + r.runs, 0);
  const successes = rows.reduce((a, r) => a + r.successes, 0);
  const interval = wilson(successes, runs);
  const avg = (f: (r: SummaryRow) => number) => rows.reduce((a, r) => a + f(r), 0) / rows.length;
  return {
    ...rows[0]!,
    runs,
    successes,
    success: successes / runs,
    successLow: interval.low,
    successHigh: interval.high,
    deliveredMean: avg((r) => r.deliveredMean),
    generatedMean: avg((r) => r.generatedMean),
    errors: rows.reduce((a, r) => a + r.errors, 0),
  };
}

const rowOf = (rows: SummaryRow[], family: FamilyName | 'all') => (family === 'all' ? pooled(rows) : rows.find((r) => r.family === family)!);

const lines: Line[] = [];
for (const family of [...families, 'all'] as const) {
  const base = rowOf(baseline, family);
  lines.push({ family, setting: 'full text', row: base });
  for (const level of LEVELS) {
    const row = rowOf(squeezed.get(level)!, family);
    const deliveredReduction = 1 - row.deliveredMean / base.deliveredMean;
    const successGap = row.success - base.success;
    lines.push({
      family,
      setting: `squeeze L${level}`,
      row,
      deliveredReduction,
      successGap,
      meetsTarget: deliveredReduction >= TARGET_REDUCTION && successGap >= -TARGET_SUCCESS_GAP,
    });
  }
  if (unpadded) {
    const row = rowOf(unpadded, family);
    lines.push({
      family,
      setting: 'reference: plain senders',
      row,
      deliveredReduction: 1 - row.deliveredMean / base.deliveredMean,
      successGap: row.success - base.success,
    });
  }
}

if (values.json) {
  console.log(JSON.stringify({ count, start, split, style, lines }, null, 2));
} else {
  console.log(
    `coordbench, ${split} split, tasks ${start}–${start + count - 1} per family, ${style} senders, text channels; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}\n`);
  console.log('| family | setting | delivered (mean) | generated (mean) | delivered vs full text | success [95% CI] | success vs full text (pts) | target met |');
  console.log('|---|---|---:|---:|---:|---|---:|:---:|');
  for (const l of lines) {
    const r = l.row;
    const ci = `${pct(r.success)} [${pct(r.successLow)}, ${pct(r.successHigh)}]`;
    const errors = r.errors > 0 ? ` (${r.errors} errors)` : '';
    console.log(
      `| ${l.family} | ${l.setting} | ${r.deliveredMean.toFixed(1)} | ${r.generatedMean.toFixed(1)} | ` +
        `${l.deliveredReduction === undefined ? '—' : `−${pct(l.deliveredReduction)}`} | ` +
        `${ci}${errors} | ${l.successGap === undefined ? '—' : signedPts(l.successGap)} | ${l.meetsTarget === undefined ? '—' : l.meetsTarget ? 'yes' : 'no'} |`,
    );
  }
}
