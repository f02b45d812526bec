/**
 * Parse + check throughput: generates a 10,000-line workflow and times the front end on it —
 * loadWorkflow (read, parse, link, validate, lower) followed by analyzeWorkflow (flow analysis
 * and the static budget bound) — printing each run and the median of several runs after a
 * warm-up. Every run loads the file afresh (loadWorkflow empties the workspace first), as a
 * user sees it in a warm process. Wall time and this process's CPU time (process.cpuUsage)
 * are both given: on a shared, loaded machine CPU time is the steadier of the two. The parser
 * alone (lexing and parsing, no linking or checks) is timed too, to show where time goes.
 *
 *   node --import tsx bench/parse.ts [--lines 10000] [--runs 9] [--warmup 3]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeWorkflow } from '../src/analysis/index.js';
import { EmptyFileSystem } from 'langium';
import { median } from '../src/bench/stats.js';
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

/** Milliseconds of wall time and of CPU time (user + system) that `task` takes. */
async function timed<T>(task: () => T | Promise<T>): Promise<{ result: T; wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = await task();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { result, wall, cpu: (cpu.user + cpu.system) / 1000 };
}

interface Sample {
  load: number;
  analyze: number;
  total: number;
  totalCpu: number;
  parse: number;
  parseCpu: number;
}

/** One pass of the front end, then the parser alone. */
async function sample(): Promise<Sample> {
  const load = await timed(() => loadWorkflow(file));
  const loaded = load.result;
  if (!loaded.ir) throw new Error(`the generated workflow has errors: ${JSON.stringify(loaded.diagnostics.slice(0, 3))}`);
  const analyze = await timed(() => analyzeWorkflow(loaded.ir!));
  if (analyze.result.diagnostics.length > 0) throw new Error(`analysis found: ${JSON.stringify(analyze.result.diagnostics.slice(0, 3))}`);
  const parse = await timed(() => parser.parse(text));
  if (parse.result.parserErrors.length + parse.result.lexerErrors.length > 0) throw new Error('the generated workflow does not parse');
  return {
    load: load.wall,
    analyze: analyze.wall,
    total: load.wall + analyze.wall,
    totalCpu: load.cpu + analyze.cpu,
    parse: parse.wall,
    parseCpu: parse.cpu,
  };
}

const parser = createCoordServices(EmptyFileSystem).Coord.parser.LangiumParser;
for (let i = 0; i < warmup; i++) await sample();
const samples: Sample[] = [];
const loadBefore = loadavg()[0]!;
console.log('run  load ms  analyze ms  parse+check ms (cpu ms)  parser ms (cpu ms)');
for (let i = 0; i < runs; i++) {
  const s = await sample();
  samples.push(s);
  const ms = (value: number, width: number) => value.toFixed(1).padStart(width);
  console.log(`${String(i + 1).padStart(3)}  ${ms(s.load, 7)}  ${ms(s.analyze, 10)}  ${ms(s.total, 14)} (${ms(s.totalCpu, 6)})  ${ms(s.parse, 9)} (${ms(s.parseCpu, 6)})`);
}
await rm(directory, { recursive: true, force: true });

const of = (key: keyof Sample) => samples.map((s) => s[key]);
const total = median(of('total'));
const totalCpu = median(of('totalCpu'));
console.log(`workflow: ${lines} lines, ${text.length} characters`);
console.log(`runs: ${runs} after ${warmup} warm-up; node ${process.version}; ${cpus()[0]?.model ?? 'unknown CPU'}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after`);
console.log(`parser alone (lex, parse):                         median ${median(of('parse')).toFixed(1)} ms (cpu ${median(of('parseCpu')).toFixed(1)} ms)`);
console.log(`loadWorkflow (read, parse, link, validate, lower): median ${median(of('load')).toFixed(1)} ms`);
console.log(`analyzeWorkflow (flow analysis, budget bound):     median ${median(of('analyze')).toFixed(1)} ms`);
console.log(`parse + check: median ${total.toFixed(1)} ms wall, min ${Math.min(...of('total')).toFixed(1)} ms; median ${totalCpu.toFixed(1)} ms cpu, min ${Math.min(...of('totalCpu')).toFixed(1)} ms`);
console.log(`throughput: ${Math.round(lines / (total / 1000))} lines/s by wall time, ${Math.round(lines / (totalCpu / 1000))} lines/s by cpu time`);
