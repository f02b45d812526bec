/**
 * How long function agents' threads take to start and load their TypeScript modules (the agents
 * of examples/word-stats: one, and all three side by side), as `coord run` starts them: through
 * the built FunctionPool (dist/runtime/agents/function-pool.js), each sample a fresh process
 * that times from the first thread's start to the last module loaded (wall, and the process's
 * CPU over all its threads). Three states of Node's compile cache (runtime/agents/compile-cache.ts):
 * none (`NODE_DISABLE_COMPILE_CACHE=1`, as before the cache), empty (a fresh folder each
 * sample: a first run, which strips and writes) and filled by an earlier run. The cases
 * alternate sample by sample, so that load on a shared machine falls on all alike; medians of
 * `--runs` samples each. Writes bench/results/agent-threads/results.json and prints the table.
 *
 *   npm run build && node --import tsx bench/agent-threads.ts [--runs 15]
 *
 * `--against DIR` adds the same thread starts from another build of coord
 * (DIR/dist/runtime/agents/function-pool.js, e.g. a copy of an earlier commit's dist/ beside a
 * link to node_modules), printed beside the others; no results file is written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { AgentThreadsResults, agentThreadsTable, type AgentThreadsCache, type AgentThreadsCase } from '../src/bench/agent-threads.js';
import { median } from '../src/bench/stats.js';
import { thisMachine } from '../src/bench/timing-machine.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, out: { type: 'string', default: 'bench/results/agent-threads/results.json' }, against: { type: 'string' } },
});
const runs = Math.max(1, Number(values.runs));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const POOL = path.join(ROOT, 'dist/runtime/agents/function-pool.js');
if (!existsSync(POOL)) throw new Error('dist/ is missing: run `npm run build` first');
const AGENTS = ['splitter', 'counter', 'reducer'].map((name) => path.join(ROOT, 'examples/word-stats/agents', `${name}.ts`));

const work = mkdtempSync(path.join(os.tmpdir(), 'coord-bench-agent-threads-'));

/**
 * One sample: a plain Node process that starts a pool per module and waits until every module
 * has loaded. A file, not `node -e`: threads inherit the process's Node options (tsx's loader
 * hooks, `--input-type`), which would change how they load.
 */
const sampler = path.join(work, 'sample.mjs');
writeFileSync(
  sampler,
  `
const { FunctionPool } = await import(process.argv[2]);
const files = JSON.parse(process.argv[3]);
const cpu = process.cpuUsage();
const start = performance.now();
await Promise.all(files.map((file) => new FunctionPool(file).check()));
const wallMs = performance.now() - start;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000 }));
process.exit(0);
`,
);

interface Sample {
  wallMs: number;
  cpuMs: number;
}

function sample(pool: string, files: string[], env: NodeJS.ProcessEnv): Sample {
  const result = spawnSync(process.execPath, [sampler, pathToFileURL(pool).href, JSON.stringify(files)], { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`a sample exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Sample;
}

const { NODE_COMPILE_CACHE: _named, NODE_DISABLE_COMPILE_CACHE: _disabled, XDG_CACHE_HOME: _xdg, ...baseEnv } = process.env;
const filled = path.join(work, 'filled');
let fresh = 0;

type Case = { label: string; cache: AgentThreadsCache | 'other build'; pool: string; env: () => NodeJS.ProcessEnv };
const cases: Case[] = [
  { label: 'none', cache: 'none', pool: POOL, env: () => ({ ...baseEnv, NODE_DISABLE_COMPILE_CACHE: '1' }) },
  { label: 'empty', cache: 'cold', pool: POOL, env: () => ({ ...baseEnv, XDG_CACHE_HOME: path.join(work, `fresh-${fresh++}`) }) },
  { label: 'filled', cache: 'warm', pool: POOL, env: () => ({ ...baseEnv, XDG_CACHE_HOME: filled }) },
];
if (values.against !== undefined) {
  const other = path.resolve(values.against, 'dist/runtime/agents/function-pool.js');
  cases.push({ label: `other build (${values.against})`, cache: 'other build', pool: other, env: () => ({ ...baseEnv }) });
}

const groups = [AGENTS.slice(0, 1), AGENTS];
// One warm-up of each (it fills the OS file cache, and the folder the filled case reads).
for (const files of groups) for (const c of cases) sample(c.pool, files, c.env());

const samples = new Map<string, Sample[]>();
for (let i = 0; i < runs; i++) {
  for (const files of groups) {
    // Each run starts the cases from a different one, so that none always follows the same other.
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(i + k) % cases.length]!;
      const key = `${files.length} ${c.label}`;
      samples.set(key, [...(samples.get(key) ?? []), sample(c.pool, files, c.env())]);
    }
  }
}
rmSync(work, { recursive: true, force: true });

const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`${runs} samples of each, alternating; load average ${load}`);
const measured: AgentThreadsCase[] = [];
for (const files of groups) {
  for (const c of cases) {
    const got = samples.get(`${files.length} ${c.label}`)!;
    const wallMs = median(got.map((s) => s.wallMs));
    const cpuMs = median(got.map((s) => s.cpuMs));
    process.stderr.write(`${files.length} agent(s), ${c.label}: ${wallMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU\n`);
    if (c.cache !== 'other build') measured.push({ agents: files.length, cache: c.cache, wallMs, cpuMs, runs });
  }
}

if (values.against === undefined) {
  const results = AgentThreadsResults.parse({
    version: 1,
    command: `node --import tsx bench/agent-threads.ts --runs ${runs}`,
    measuredAt: new Date().toISOString(),
    machine: thisMachine(),
    cases: measured,
  });
  mkdirSync(path.dirname(path.resolve(ROOT, values.out)), { recursive: true });
  writeFileSync(path.resolve(ROOT, values.out), `${JSON.stringify(results, null, 2)}\n`);
  console.log(agentThreadsTable(results));
}
