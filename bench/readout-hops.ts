/**
 * Readout hops on coordbench: the learned coordinator's `latent` and `hybrid` policies with
 * each number of readout hops (runtime/coordinator/readout.ts, selectMultiHop), every family,
 * budgets 16–128. Choose `hops` on the validation split (DEFAULT_READOUT_HOPS was chosen so);
 * run it on test only to report a setting already chosen.
 *
 *   npx tsx bench/readout-hops.ts --split validation --count 100 --hops 1,2,3,4,5,6
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FamilyName } from '../src/bench/family.js';
import { runHarness } from '../src/bench/harness.js';
import { summarise } from '../src/bench/metrics.js';
import { Split } from '../src/bench/splits.js';
import { compileMachine } from '../src/compile/machine.js';
import { loadBenchWorkflows } from '../src/bench/workflows.js';
import { RunCoordinator } from '../runtime/coordinator/coordinator.js';
import { loadCoordinatorModel } from '../runtime/coordinator/index.js';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'validation' },
    count: { type: 'string', default: '100' },
    hops: { type: 'string', default: '1,2,3,4,5,6' },
    budgets: { type: 'string', default: '16,32,64,128' },
    concurrency: { type: 'string', default: '8' },
  },
});
const split = Split.parse(values.split);
const families = FamilyName.options;


const irs = await loadBenchWorkflows(path.join(import.meta.dirname, '..'), families);
console.log('| hops | family | policy | budget | success | delivered mean | exchanged mean |');
console.log('|---:|---|---|---:|---:|---:|---:|');
for (const hops of values.hops.split(',').map(Number)) {
  const { records } = await runHarness({
    families,
    policies: ['latent', 'hybrid'],
    budgets: values.budgets.split(',').map(Number),
    split,
    count: Number(values.count),
    start: 0,
    knobs: {},
    workflows: irs,
    compile: compileMachine,
    concurrency: Number(values.concurrency),
    learnedCoordinator: async (ir, runId) => {
      const model = await loadCoordinatorModel(ir.coordinator?.model ?? 'builtin', ir.coordinator?.device ?? 'auto', { notice: () => {} });
      return new RunCoordinator(model, runId, undefined, { hops });
    },
  });
  for (const row of summarise(records)) {
    console.log(
      `| ${hops} | ${row.family} | ${row.policy} | ${row.budget} | ${(100 * row.success).toFixed(1)}% | ${row.deliveredMean.toFixed(0)} | ${row.exchangedMean.toFixed(0)} |`,
    );
  }
}
process.exit(0);
