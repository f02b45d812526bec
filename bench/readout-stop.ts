/**
 * The learned per-query readout stop against one global threshold, on the natural corpus's
 * TEST split, run once with the operating points training/fit-stop.ts chose on validation
 * (training/results/stop-fit.json): the same scorer, the same multi-hop readout, the same
 * budgets; only what each hop reads differs. Paired per case: needed-note recall and delivered
 * tokens, learned-stop − learned-threshold. Writes bench/results/readout/stop.{json,md}.
 *
 *   nice npx tsx bench/readout-stop.ts
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_READOUT_HOPS, DEFAULT_READOUT_PER_QUERY, RunCoordinator } from '../runtime/coordinator/coordinator.js';
import { loadCoordinatorModel } from '../runtime/coordinator/index.js';
import { manifestPathFor } from '../runtime/coordinator/manifest.js';
import { learnedStop, StopModel } from '../src/bench/readout-eval/stop-model.js';
import { O200K } from '../runtime/tokens/tokenizer.js';
import { readoutReport } from '../src/bench/readout-eval/report.js';
import { ReadoutResults } from '../src/bench/readout-eval/results.js';
import { meanOver, naturalCases, runCases, stopBudgets } from '../src/bench/readout-eval/stop-eval.js';
import { pairedRows, rankingRows, readoutRows, Threshold, fromThreshold, type Threshold as ThresholdValue } from '../src/bench/readout-eval/summary.js';

const FIT = 'training/results/stop-fit.json';
const Fit = z.object({
  validationCases: z.number().int(),
  globalThreshold: z.object({ chosen: Threshold, grid: z.array(z.object({ threshold: Threshold, recall: z.number(), delivered: z.number() })) }),
  stop: z.object({ chosen: z.number(), grid: z.array(z.object({ cutoff: z.number(), recall: z.number(), delivered: z.number() })), model: StopModel }),
});
const fit = Fit.parse(JSON.parse(await readFile(FIT, 'utf8')));
const threshold = fromThreshold(fit.globalThreshold.chosen);
const countTokens = (text: string) => O200K.count(text);
const model = await loadCoordinatorModel('builtin', 'cpu', { notice: () => {} });

const startedAt = new Date().toISOString();
const test = await naturalCases('test');
const stopped = await runCases(test, stopBudgets, countTokens, (c) => new RunCoordinator(model, `stop-${c.id}`, undefined, { stop: learnedStop(fit.stop.model) }), 'learned-stop');
const thresholded = await runCases(test, stopBudgets, countTokens, (c) => new RunCoordinator(model, `threshold-${c.id}`, undefined, { threshold }), 'learned-threshold');
const results = [...stopped, ...thresholded];

const chosenOf = (name: string, value: ThresholdValue, point: { recall: number; delivered: number }) =>
  stopBudgets.map((b) => ({ contender: name, budget: b.label, threshold: value, validationRecall: point.recall, validationDelivered: point.delivered }));
const globalPoint = fit.globalThreshold.grid.find((p) => p.threshold === fit.globalThreshold.chosen)!;
const stopPoint = fit.stop.grid.find((p) => p.cutoff === fit.stop.chosen)!;
// The stop's operating point is a probability cutoff, the threshold's a logit: the report's "threshold" column holds each.
const thresholds = [...chosenOf('learned-stop', fit.stop.chosen, stopPoint), ...chosenOf('learned-threshold', fit.globalThreshold.chosen, globalPoint)];
const manifest = manifestPathFor('builtin');
const out = ReadoutResults.parse({
  version: 1,
  command: 'npx tsx bench/readout-stop.ts',
  startedAt,
  finishedAt: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.versions.node },
  settings: {
    corpus: 'natural-stop',
    hops: DEFAULT_READOUT_HOPS,
    budgets: stopBudgets.map((b) => b.label),
    tokenizer: 'o200k_base',
    validationCases: fit.validationCases,
    testCases: test.length,
    coordinator: { manifest: path.relative(process.cwd(), manifest), sha256: createHash('sha256').update(await readFile(manifest)).digest('hex') },
  },
  thresholds,
  readout: readoutRows(results, new Map(thresholds.map((t) => [`${t.contender}\u0000${t.budget}`, { threshold: t.threshold, perQuery: DEFAULT_READOUT_PER_QUERY }]))),
  ranking: rankingRows(stopped),
  paired: pairedRows(results, 'learned-stop', ['learned-threshold']),
});
const dir = path.resolve('bench/results/readout');
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, 'stop.json'), `${JSON.stringify(out, null, 1)}\n`);
await writeFile(path.join(dir, 'stop.md'), readoutReport(out));
process.stdout.write(`${readoutReport(out)}\nover every budget: stop ${JSON.stringify(meanOver(stopped))}, threshold ${JSON.stringify(meanOver(thresholded))}\n`);
process.exit(0);
