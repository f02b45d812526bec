/**
 * Fits the learned per-query readout stop (src/bench/readout-eval/stop-model.ts). Traces: the natural corpus's TRAINING split, read by the shipped scorer through
 * the runtime's own multi-hop readout (thresholds: the manifest's, −2 and −3, at every coordbench budget); each
 * candidate a hop sees is a row (STOP_FEATURES), labelled needed or not. A logistic model is
 * fitted on them. On the VALIDATION split it then chooses, first, the best single global
 * threshold (highest recall averaged over every budget; ties: fewer tokens), then the stop's
 * probability cutoff with the highest recall at no more delivered tokens than that threshold.
 * The test split is not read here: bench/readout-stop.ts runs it once. (The stop did not beat
 * the threshold there, so no manifest carries it: docs/coordinator.md, "Readout threshold".)
 *
 *   node --import tsx training/fit-stop.ts      # writes training/results/stop-fit.json
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RunCoordinator } from '../runtime/coordinator/coordinator.js';
import { loadCoordinatorModel } from '../runtime/coordinator/index.js';
import type { StopRule } from '../runtime/coordinator/readout.js';
import { learnedStop, STOP_FEATURES, STOP_FEATURES_VERSION, stopFeatures, StopModel } from '../src/bench/readout-eval/stop-model.js';
import { O200K } from '../runtime/tokens/tokenizer.js';
import { stopBudgets, naturalCases, runCases, meanOver } from '../src/bench/readout-eval/stop-eval.js';
import type { ReadoutCase } from '../src/bench/readout-eval/cases.js';
import { fitLogistic } from './logistic.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'training/results/stop-fit.json' } } });
const countTokens = (text: string) => O200K.count(text);
const model = await loadCoordinatorModel('builtin', 'cpu', { notice: () => {} });
const manifestThreshold = model.manifest.threshold;

/** A threshold rule that records every candidate it sees, with its label, for case `c`. */
function tracing(c: ReadoutCase, threshold: number, rows: number[][], labels: boolean[]): StopRule {
  const segmentOf = new Map(c.messages.map((m) => [m.id, m.segments]));
  return (view) => {
    rows.push(...stopFeatures(view));
    labels.push(...view.candidates.map(({ slot }) => c.needed.has(segmentOf.get(slot.message)![slot.index]!.id)));
    return view.candidates.map((candidate) => candidate.score > threshold);
  };
}

const train = await naturalCases('train');
const validation = await naturalCases('validation');
const rows: number[][] = [];
const labels: boolean[] = [];
for (const threshold of [manifestThreshold, -2, -3]) {
  await runCases(train, stopBudgets, countTokens, (c) => new RunCoordinator(model, `trace-${c.id}`, undefined, { threshold, stop: tracing(c, threshold, rows, labels) }));
}
const fit = fitLogistic(rows, labels);
process.stderr.write(`stop: ${rows.length} candidate rows from ${train.length} training cases, ${labels.filter(Boolean).length} needed\n`);

// Validation: the best single global threshold first, then the stop's cutoff at no more tokens.
const thresholdGrid = [-Infinity, -4, -3.5, -3, -2.5, -2, -1.5, manifestThreshold, -0.5, 0];
const globalPoints = [];
for (const threshold of thresholdGrid) {
  const results = await runCases(validation, stopBudgets, countTokens, (c) => new RunCoordinator(model, `val-${c.id}`, undefined, { threshold }));
  globalPoints.push({ threshold, ...meanOver(results) });
}
const global = globalPoints.reduce((a, b) => (b.recall > a.recall + 1e-9 || (Math.abs(b.recall - a.recall) <= 1e-9 && b.delivered < a.delivered) ? b : a));

const stopOf = (cutoff: number): StopModel => ({ version: STOP_FEATURES_VERSION, features: [...STOP_FEATURES], ...fit, cutoff });
const cutoffGrid = [0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5];
const stopPoints = [];
for (const cutoff of cutoffGrid) {
  const results = await runCases(validation, stopBudgets, countTokens, (c) => new RunCoordinator(model, `val-${c.id}`, undefined, { stop: learnedStop(stopOf(cutoff)) }));
  stopPoints.push({ cutoff, ...meanOver(results) });
}
const affordable = stopPoints.filter((p) => p.delivered <= global.delivered);
const chosen = (affordable.length > 0 ? affordable : stopPoints).reduce((a, b) => (b.recall > a.recall + 1e-9 ? b : a));
const stop = StopModel.parse(stopOf(chosen.cutoff));

const report = {
  command: `node --import tsx training/fit-stop.ts ${process.argv.slice(2).join(' ')}`.trim(),
  finishedAt: new Date().toISOString(),
  trainCases: train.length,
  validationCases: validation.length,
  traceRows: rows.length,
  traceNeeded: labels.filter(Boolean).length,
  budgets: stopBudgets.map((b) => b.label),
  globalThreshold: { chosen: global.threshold === -Infinity ? '-inf' : global.threshold, grid: globalPoints.map((p) => ({ ...p, threshold: p.threshold === -Infinity ? '-inf' : p.threshold })) },
  stop: { chosen: chosen.cutoff, grid: stopPoints, model: stop },
};
await writeFile(path.resolve(values.out!), `${JSON.stringify(report, null, 1)}\n`);
process.stdout.write(`${JSON.stringify({ global: report.globalThreshold.chosen, globalPoint: global, stop: chosen }, null, 1)}\n`);
process.exit(0);
