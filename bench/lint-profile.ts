/**
 * Where a large lint's main-thread CPU goes: runs `coord lint --workers 0` of the 100,000
 * generated lines (four files, as bench/startup.ts makes them) under `node --cpu-prof`, with the
 * heap flags a lint from its snapshot has, from the compiled but unbundled modules (dist/src), so
 * that each sample's stack names the module and function it ran. Each sample is counted to the
 * innermost pipeline stage on its stack (lexing, parsing, linking, validation, lowering, flow
 * analysis…); the collector's own samples are the main thread's share of garbage collection
 * (its helper threads are not in the profile). Prints each stage's median over `--runs`
 * profiles, and the parse split by the module each of its samples ran in. No results file: the
 * profiler's overhead and the machine's load make these shares, not timings.
 *
 *   npm run build && node --import tsx bench/lint-profile.ts [--runs 3]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '../src/bench/stats.js';
import { SNAPSHOT_LINT_FLAGS } from '../src/cli/start-snapshot.js';
import { generateWorkflow } from './generate-workflow.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Math.max(1, Number(values.runs));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const main = pathToFileURL(path.join(ROOT, 'dist/src/cli/main.js')).href;

/** The innermost of these on a sample's stack names its stage (function name, then the module it is in). */
const STAGES: Array<[string, RegExp]> = [
  ['lexing (Chevrotain)', /^tokenize .*chevrotain/],
  ["container links (Langium's linkContentToContainer, or coord's linkContainers)", /^(linkContentToContainer|linkContainers|linkUnder) /],
  ['nesting pre-scan (coord)', /^findExcessiveNesting /],
  ['building the parser', /^createGuardedParser /],
  ['parsing: Chevrotain recognition, Langium CST and AST building', /^doParse /],
  ['scope computation', /^collectLocalSymbols /],
  ['linking', /^link .*src\/language\/linker/],
  ['validation (coord checks)', /^validateAst /],
  ['lowering to the IR', /^lowerWorkflow /],
  ['flow analysis and budget bound', /^analyzeWorkflow /],
  ['the report', /src\/cli\/output\//],
  ['loading modules', /^(compileSourceTextModule|compileForInternalLoader|wrapSafe|evaluate|link) (node:|$)/],
];

interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

const work = mkdtempSync(path.join(os.tmpdir(), 'coord-bench-lint-profile-'));
const large = path.join(work, 'large');
mkdirSync(large);
for (let i = 0; i < 4; i++) writeFileSync(path.join(large, `part${i}.coord`), generateWorkflow(543));
const script = path.join(work, 'lint.mjs');
writeFileSync(script, `const { main } = await import(${JSON.stringify(main)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);

const stageRuns = new Map<string, number[]>();
const parseRuns = new Map<string, number[]>();
const totals: number[] = [];
for (let run = 0; run < runs; run++) {
  const dir = path.join(work, `profile-${run}`);
  const result = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200', ...SNAPSHOT_LINT_FLAGS, script, 'lint', '--workers', '0', large], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the lint exited ${result.status}: ${result.stderr}`);
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))!;
  const { stages, parse, total } = breakDown(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile);
  totals.push(total);
  for (const [name, ms] of stages) stageRuns.set(name, [...(stageRuns.get(name) ?? []), ms]);
  for (const [name, ms] of parse) parseRuns.set(name, [...(parseRuns.get(name) ?? []), ms]);
}
rmSync(work, { recursive: true, force: true });

const total = median(totals);
console.log(`coord lint --workers 0 of 99,968 lines in 4 files, main thread; ${runs} profiles; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`main thread: ${total.toFixed(0)} ms (median)\n`);
console.log(table('stage', stageRuns, total));
console.log(`\n${table('of parsing, in', parseRuns, total)}`);

function breakDown(profile: Profile): { stages: Map<string, number>; parse: Map<string, number>; total: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stages = new Map<string, number>();
  const parse = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    total += ms;
    const leaf = byId.get(profile.samples[i]!)!;
    const stage = leaf.callFrame.functionName === '(garbage collector)' ? 'garbage collection (main thread)' : stageOf(leaf.id, byId, parent);
    add(stages, stage, ms);
    if (stage.startsWith('parsing')) add(parse, moduleGroup(leaf.callFrame.url), ms);
  }
  return { stages, parse, total };
}

function stageOf(id: number, byId: Map<number, Profile['nodes'][number]>, parent: Map<number, number>): string {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const { functionName, url } = byId.get(at)!.callFrame;
    const key = `${functionName} ${url.replace(/^file:\/\//, '')}`;
    const hit = STAGES.find(([, pattern]) => pattern.test(key));
    if (hit) return hit[0];
  }
  return 'other (start-up, reading files, the workspace)';
}

function moduleGroup(url: string): string {
  if (url.includes('/chevrotain/')) return 'Chevrotain (recognizer, lookahead)';
  if (url.includes('/langium/lib/parser/parser-builder-base')) return "Langium's rule closures (parser-builder-base)";
  if (url.includes('/langium/')) return "Langium's parser, CST and AST building";
  if (url.includes('/dist/src/')) return 'coord (value converter, token builder)';
  return 'other';
}

function table(title: string, runsBy: Map<string, number[]>, total: number): string {
  const rows = [...runsBy].map(([name, taken]) => [name, median([...taken, ...Array<number>(runs - taken.length).fill(0)])] as const).sort((a, b) => b[1] - a[1]);
  return [`| ${title} | ms | share |`, '|---|---:|---:|', ...rows.map(([name, ms]) => `| ${name} | ${ms.toFixed(0)} | ${((100 * ms) / total).toFixed(1)}% |`)].join('\n');
}
