// coord-lang as a library: check a workflow, compile it, run it with its events, replay it from
// its journal, with the shipped coordinator choosing what crosses the latent channel.
//
//   node examples/library/run.ts [flow.coord]     (Node 22.18 or later runs TypeScript as is)
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkWorkflow, compileMachine, hasErrors } from 'coord-lang';
import { FileRunStore, replayRun, startRun, type RunEvent } from 'coord-lang/runtime';
import { createCoordinator } from 'coord-lang/coordinator';

const file = process.argv[2] ?? fileURLToPath(new URL('flow.coord', import.meta.url));

// 1. The whole front end, as `coord lint` runs it: findings, the IR, the static budget bound.
const check = await checkWorkflow(file);
for (const d of check.diagnostics) {
  console.error(`${d.file}:${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code} ${d.message}`);
}
if (!check.ir || hasErrors(check.diagnostics)) process.exit(1);
const ir = check.ir;
console.log(`${ir.name}: at most ${check.budgetBound?.tokens ?? 'unbounded'} tokens per run, budget ${ir.budget.total ?? 'none'}`);

// 2. Compile to the XState machine config, and run it with a journal in a folder of our own.
const store = new FileRunStore(await mkdtemp(path.join(tmpdir(), 'coord-library-')));
const runId = `${ir.name}-example`;
const coordinator = await createCoordinator({ runId, ...(ir.coordinator ? { config: ir.coordinator } : {}) });
const show = (event: RunEvent) => {
  if (event.type === 'turn.finished') console.log(`  ${event.agent} finished its turn`);
  if (event.type === 'coordinator.readout') console.log(`  the coordinator read out ${event.selected} notes, ${event.tokens} of ${event.limit} tokens, for ${event.agent}`);
};
const result = await startRun({ ir, machine: compileMachine(ir), store, runId, coordinator, onEvent: show });
await coordinator.close();
console.log(`run ${result.runId}: ${result.outcome}, ${result.tokens} tokens`);
console.log(`planner wrote: ${(result.outputs.planner as { message?: string } | undefined)?.message}`);

// 3. Replay it from its journal: no agent runs again, and every event must come out the same.
const replay = await replayRun({ runId: result.runId, store });
console.log(`replay ${replay.matches ? 'matches' : `differs: ${replay.mismatches.join('; ')}`}`);
process.exitCode = result.outcome === 'done' && replay.matches ? 0 : 1;
