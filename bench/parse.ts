/**
 * Parse + check throughput: generates a 10,000-line workflow and times the front end on it —
 * loadWorkflow (read, parse, link, validate, lower) followed by analyzeWorkflow (flow analysis
 * and the static budget bound) — printing the median of several runs after a warm-up. The
 * parser alone (lexing and parsing, no linking or checks) is timed too, to show where time goes.
 *
 *   node --import tsx bench/parse.ts [--lines 10000] [--runs 9] [--warmup 3]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeWorkflow } from '../src/analysis/index.js';
import { EmptyFileSystem } from 'langium';
import { createCoordServices, loadWorkflow } from '../src/language/index.js';
import { generateWorkflow } from './generate-workflow.js';

const { values } = parseArgs({
  options: { lines: { type: 'string', default: '10000' }, runs: { type: 'string', default: '9' }, warmup: { type: 'string', default: '3' } },
});
const targetLines = Number(values.lines);
const runs = Math.max(7, Number(values.runs));
const warmup = Number(values.warmup);

const text = generateWorkflow(Math.ceil((targetLines - 15) / 46));
const lines = text.split('\n').length;
const directory = await mkdtemp(path.join(tmpdir(), 'coord-bench-'));
const file = path.join(directory, 'generated.coord');
await writeFile(file, text);

/** One pass of the front end; returns its phases in milliseconds. */
async function frontEnd(): Promise<{ load: number; analyze: number }> {
  const start = performance.now();
  const loaded = await loadWorkflow(file);
  const loadedAt = performance.now();
  if (!loaded.ir) throw new Error(`the generated workflow has errors: ${JSON.stringify(loaded.diagnostics.slice(0, 3))}`);
  const analysis = analyzeWorkflow(loaded.ir);
  if (analysis.diagnostics.length > 0) throw new Error(`analysis found: ${JSON.stringify(analysis.diagnostics.slice(0, 3))}`);
  return { load: loadedAt - start, analyze: performance.now() - loadedAt };
}

const parser = createCoordServices(EmptyFileSystem).Coord.parser.LangiumParser;
function parseOnly(): number {
  const start = performance.now();
  const result = parser.parse(text);
  if (result.parserErrors.length + result.lexerErrors.length > 0) throw new Error('the generated workflow does not parse');
  return performance.now() - start;
}

for (let i = 0; i < warmup; i++) {
  await frontEnd();
  parseOnly();
}
const samples: { load: number; analyze: number; total: number; parse: number }[] = [];
for (let i = 0; i < runs; i++) {
  const { load, analyze } = await frontEnd();
  samples.push({ load, analyze, total: load + analyze, parse: parseOnly() });
}
await rm(directory, { recursive: true, force: true });

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const total = median(samples.map((s) => s.total));
console.log(`workflow: ${lines} lines, ${text.length} characters`);
console.log(`runs: ${runs} after ${warmup} warm-up; node ${process.version}; ${cpus()[0]?.model ?? 'unknown CPU'}`);
console.log(`parser alone (lex, parse):                         median ${median(samples.map((s) => s.parse)).toFixed(1)} ms`);
console.log(`loadWorkflow (read, parse, link, validate, lower): median ${median(samples.map((s) => s.load)).toFixed(1)} ms`);
console.log(`analyzeWorkflow (flow analysis, budget bound):     median ${median(samples.map((s) => s.analyze)).toFixed(1)} ms`);
console.log(`parse + check: median ${total.toFixed(1)} ms, min ${Math.min(...samples.map((s) => s.total)).toFixed(1)} ms`);
console.log(`throughput: ${Math.round(lines / (total / 1000))} lines/s`);
