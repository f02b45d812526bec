/**
 * Message rate on coordbench: every channel split at N sentences per message
 * (`split N sentences`, Knobs.messageRate), for N = 1, 2, 4 and unsplit (one message
 * per turn, the default), under full text, the learned coordinator (latent, hybrid)
 * and the BM25 baseline at readout budgets 32 and 128, every family. Per family,
 * rate and policy point: task success with its 95% Wilson interval, tokens exchanged,
 * messages sent and coordinator steps per run (means), and coordinator time per run
 * and per step. A split message is its own coordinator write (one recurrent step) and,
 * on hybrid channels, its own gate decision.
 *
 *   nice npx tsx bench/message-rate.ts --count 100          # test tasks 0–99 per family
 *   nice npx tsx bench/message-rate.ts --count 20 --json    # raw rows
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FamilyName } from '../src/bench/family.js';
import { runHarness } from '../src/bench/harness.js';
import { summarise, type SummaryRow } from '../src/bench/metrics.js';
import type { PolicyName } from '../src/bench/policies.js';
import { mean } from '../src/bench/stats.js';
import { loadBenchWorkflows } from '../src/bench/workflows.js';
import { compileMachine } from '../src/compile/machine.js';
import type { WorkflowIR } from '../src/ir/schema.js';
import { createCoordinator } from '../runtime/coordinator/index.js';

/** Sentences per message; undefined is the unsplit default, one message per turn. */
const RATES = [1, 2, 4, undefined] as const;
const POLICIES: PolicyName[] = ['text', 'latent', 'hybrid', 'bm25'];
const BUDGETS = [32, 128];

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100' },
    start: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const start = Number(values.start);
const families = FamilyName.options;

interface Line {
  rate: string;
  row: SummaryRow;
  /** Coordinator steps (writes, with their gate on hybrid channels) per run, and their time per run. */
  stepsMean: number;
  coordinatorMsMean: number;
}

const rateLabel = (rate: number | undefined) => (rate === undefined ? 'turn (unsplit)' : `${rate} sentence${rate === 1 ? '' : 's'}`);

async function measure(rate: number | undefined, irs: Record<FamilyName, WorkflowIR>): Promise<Line[]> {
  const { records, unavailable } = await runHarness({
    families,
    policies: POLICIES,
    budgets: BUDGETS,
    split: 'test',
    count,
    start,
    knobs: rate === undefined ? {} : { messageRate: rate },
    workflows: irs,
    compile: compileMachine,
    learnedCoordinator: (ir, runId) => createCoordinator({ config: ir.coordinator, runId }),
    concurrency: Number(values.concurrency),
  });
  // A missing coordinator would leave the learned rows out: stop rather than print a partial table.
  if (unavailable.length > 0) throw new Error(unavailable.map((u) => `${u.policy} could not run: ${u.reason}`).join('; '));
  const groupOf = (row: SummaryRow) => records.filter((r) => r.family === row.family && r.policy === row.policy && r.budget === row.budget);
  return summarise(records).map((row) => {
    const group = groupOf(row);
    return { rate: rateLabel(rate), row, stepsMean: mean(group.map((r) => r.coordinatorSteps)), coordinatorMsMean: mean(group.map((r) => r.coordinatorMs)) };
  });
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const point = (r: SummaryRow) => `${r.policy}${r.budget ? ` @${r.budget}` : ''}`;

const started = Date.now();
const irs = await loadBenchWorkflows(path.join(import.meta.dirname, '..'), families);
const lines: Line[] = [];
for (const rate of RATES) lines.push(...(await measure(rate, irs)));

if (values.json) {
  console.log(JSON.stringify({ count, start, split: 'test', lines }, null, 2));
} else {
  console.log(`coordbench, test split, tasks ${start}–${start + count - 1} per family; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`);
  const order = (l: Line) => POLICIES.indexOf(l.row.policy) * 1000 + (l.row.budget ?? 0);
  for (const family of families) {
    console.log(`\n#### ${family}\n`);
    console.log('| policy | sentences per message | success [95% CI] | tokens exchanged (mean) | messages sent (mean) | coordinator steps per run | coordinator ms per run | ms per step |');
    console.log('|---|---|---|---:|---:|---:|---:|---:|');
    const rows = lines.filter((l) => l.row.family === family).sort((a, b) => order(a) - order(b));
    for (const l of rows) {
      const r = l.row;
      const errors = r.errors > 0 ? ` (${r.errors} errors)` : '';
      console.log(
        `| ${point(r)} | ${l.rate} | ${pct(r.success)} [${pct(r.successLow)}, ${pct(r.successHigh)}]${errors} | ${r.exchangedMean.toFixed(1)} | ${r.messagesMean.toFixed(2)} | ` +
          `${l.stepsMean.toFixed(2)} | ${l.coordinatorMsMean.toFixed(1)} | ${r.overheadMsPerStep === undefined ? '—' : r.overheadMsPerStep.toFixed(2)} |`,
      );
    }
  }
}
process.exit(0);
