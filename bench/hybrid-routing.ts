/**
 * Hybrid routing on coordbench: the message-level gate, a per-segment router, and the two
 * baselines (always send, never send), every one reading its latent part through the same
 * readout (filled in score order, as `coord bench --readout-fill`), on the same tasks.
 *
 *   --choose: on the VALIDATION split, the per-segment threshold with the best success averaged
 *             over families and budgets (ties: fewer tokens) is written to bench/results/hybrid-routing/choice.json.
 *   default:  the TEST split, run once with that choice: success and delivered tokens per family and
 *             budget, and the per-segment router minus each other routing, paired per task
 *             (bench/results/hybrid-routing/results.{json,md}).
 *
 *   nice npx tsx bench/hybrid-routing.ts --choose
 *   nice npx tsx bench/hybrid-routing.ts
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RunCoordinator } from '../runtime/coordinator/coordinator.js';
import { loadCoordinatorModel } from '../runtime/coordinator/index.js';
import { FamilyName } from '../src/bench/family.js';
import { runHarness } from '../src/bench/harness.js';
import { HybridRoutingResults, RoutingChoice, routingReport } from '../src/bench/hybrid-routing.js';
import type { RunRecord } from '../src/bench/metrics.js';
import { Split } from '../src/bench/splits.js';
import { bootstrapMean, mean } from '../src/bench/stats.js';
import { loadBenchWorkflows } from '../src/bench/workflows.js';
import { compileMachine } from '../src/compile/machine.js';

const { values } = parseArgs({
  options: {
    choose: { type: 'boolean', default: false },
    count: { type: 'string', default: '100' },
    thresholds: { type: 'string', default: '-3,-2.5,-2,-1.5,-1,-0.5,0' },
    concurrency: { type: 'string', default: '4' },
  },
});
const OUT = path.resolve('bench/results/hybrid-routing');
const families = FamilyName.options;
const budgets = [16, 32, 64, 128];
const count = Number(values.count);
const irs = await loadBenchWorkflows(path.join(import.meta.dirname, '..'), families);
const model = await loadCoordinatorModel('builtin', 'cpu', { notice: () => {} });

interface Routing {
  name: string;
  gateBy: 'message' | 'segment';
  gateThreshold: number;
}

async function run(routing: Routing, split: Split): Promise<RunRecord[]> {
  const { records } = await runHarness({
    families,
    policies: ['hybrid'],
    budgets,
    split,
    count,
    start: 0,
    knobs: { readoutFill: true },
    workflows: irs,
    compile: compileMachine,
    concurrency: Number(values.concurrency),
    learnedCoordinator: async (_ir, runId) =>
      new RunCoordinator(model, runId, undefined, { threshold: -Infinity, gateBy: routing.gateBy, gateThreshold: routing.gateThreshold }),
  });
  const errors = records.filter((r) => r.error !== undefined);
  if (errors.length > 0) throw new Error(`${routing.name}: ${errors.length} runs ended in an error, e.g. ${errors[0]!.error}`);
  return records;
}

await mkdir(OUT, { recursive: true });

if (values.choose) {
  const grid = [];
  for (const gateThreshold of values.thresholds.split(',').map(Number)) {
    const records = await run({ name: `segment ${gateThreshold}`, gateBy: 'segment', gateThreshold }, 'validation');
    grid.push({ gateThreshold, success: mean(records.map((r) => (r.success ? 1 : 0))), delivered: mean(records.map((r) => r.delivered)) });
    process.stderr.write(`segment ${gateThreshold}: ${JSON.stringify(grid.at(-1))}\n`);
  }
  const best = grid.reduce((a, b) => (b.success > a.success + 1e-9 || (Math.abs(b.success - a.success) <= 1e-9 && b.delivered < a.delivered) ? b : a));
  const choice = RoutingChoice.parse({ split: 'validation', count, gateThreshold: best.gateThreshold, grid });
  await writeFile(path.join(OUT, 'choice.json'), `${JSON.stringify(choice, null, 1)}\n`);
  process.stdout.write(`${JSON.stringify(choice, null, 1)}\n`);
  process.exit(0);
}

const choice = RoutingChoice.parse(JSON.parse(await readFile(path.join(OUT, 'choice.json'), 'utf8')));
const routings: Routing[] = [
  { name: 'segment', gateBy: 'segment', gateThreshold: choice.gateThreshold },
  { name: 'message-gate', gateBy: 'message', gateThreshold: model.manifest.gateThreshold },
  { name: 'always-send', gateBy: 'message', gateThreshold: -Infinity },
  { name: 'never-send', gateBy: 'message', gateThreshold: Infinity },
];
const startedAt = new Date().toISOString();
const recordsOf = new Map<string, RunRecord[]>();
for (const routing of routings) recordsOf.set(routing.name, await run(routing, 'test'));

const key = (r: RunRecord) => `${r.family}/${r.budget}/${r.seed}`;
const rows = families.flatMap((family) =>
  budgets.flatMap((budget) =>
    routings.map((routing) => {
      const at = recordsOf.get(routing.name)!.filter((r) => r.family === family && r.budget === budget);
      return { family, budget, routing: routing.name, tasks: at.length, success: bootstrapMean(at.map((r) => (r.success ? 1 : 0))), delivered: bootstrapMean(at.map((r) => r.delivered)) };
    }),
  ),
);
const mine = new Map(recordsOf.get('segment')!.map((r) => [key(r), r]));
const paired = routings.slice(1).flatMap((baseline) =>
  families.flatMap((family) =>
    budgets.map((budget) => {
      const pairs = recordsOf.get(baseline.name)!.filter((r) => r.family === family && r.budget === budget).map((theirs) => [mine.get(key(theirs))!, theirs] as const);
      return {
        family,
        budget,
        baseline: baseline.name,
        tasks: pairs.length,
        successDiff: bootstrapMean(pairs.map(([a, b]) => Number(a.success) - Number(b.success))),
        deliveredDiff: bootstrapMean(pairs.map(([a, b]) => a.delivered - b.delivered)),
      };
    }),
  ),
);
const results = HybridRoutingResults.parse({ command: 'npx tsx bench/hybrid-routing.ts', startedAt, finishedAt: new Date().toISOString(), count, choice, rows, paired });
await writeFile(path.join(OUT, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
await writeFile(path.join(OUT, 'results.md'), routingReport(results));
process.stdout.write(routingReport(results));
process.exit(0);
