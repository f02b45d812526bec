/**
 * How fast the built CLI starts, cold (a fresh process each time, as a user or CI runs it):
 * `coord lint` of a small file (examples/word-stats/flow.coord, 41 lines), `coord run` of the
 * README's main example (the same file: three function agents, offline), and `coord lint` of
 * 100,000 generated lines (bench/generate-workflow.ts) in four files. Each is timed by
 * /usr/bin/time: wall, CPU (user + system, every thread) and peak memory (max RSS); medians
 * of `--runs` runs after one warm-up (which fills the OS file cache). One more run of each
 * counts the modules it loads (a module.registerHooks hook; a lint from its start-up snapshot is a
 * second process, which loads none, so its count is the first process's). Writes
 * bench/results/startup/results.json and prints the table.
 *
 *   npm run build && node --import tsx bench/startup.ts [--runs 7]
 *
 * `--against DIR` compares with another build of coord (DIR/bin/coord.js, e.g. a copy of an
 * earlier commit's bin/, dist/ and package.json beside a link to node_modules): the two
 * alternate run by run, so that load on a shared machine falls on both alike, and the medians
 * and their ratio are printed (peak memory too); no results file is written. `--small` leaves out the
 * 100,000-line lint (seconds a run).
 *
 * `--workers 0,1,2` times the 100,000-line lint of this build with each `coord lint --workers N`
 * (0: on the main thread alone; unset in the list as `auto`: the default), alternating run by run
 * as above, and prints their medians and ratios to the first; no results file is written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '../src/bench/stats.js';
import { thisMachine } from '../src/bench/timing-machine.js';
import { StartupResults, startupTable, type StartupCase } from '../src/bench/startup.js';
import { generateWorkflow } from './generate-workflow.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    out: { type: 'string', default: 'bench/results/startup/results.json' },
    against: { type: 'string' },
    small: { type: 'boolean', default: false },
    workers: { type: 'string' },
  },
});
const runs = Math.max(1, Number(values.runs));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = path.join(ROOT, 'bin/coord.js');
if (!existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
if (spawnSync('/usr/bin/time', ['true']).status !== 0) throw new Error('bench/startup.ts needs /usr/bin/time (apt-get install -y time)');

const work = mkdtempSync(path.join(os.tmpdir(), 'coord-bench-startup-'));
// coord reads no file over 1 MiB (src/language/limits.ts: about 29,000 generated lines), so the
// 100,000 lines are four workflows of 543 groups (46 lines a group, 15 more: 24,993 lines each).
const large = path.join(work, 'large');
mkdirSync(large);
let lines = 0;
for (let i = 0; i < 4; i++) {
  const text = generateWorkflow(543);
  writeFileSync(path.join(large, `part${i}.coord`), text);
  lines += text.split('\n').length - 1;
}
const example = path.join(ROOT, 'examples/word-stats/flow.coord');
const countHook = `data:text/javascript,${encodeURIComponent(
  "import { registerHooks } from 'node:module'; let n = 0; registerHooks({ load(url, c, next) { n++; return next(url, c); } }); process.on('exit', () => process.stderr.write('modules ' + n + '\\n'));",
)}`;

const cases: Array<{ name: string; args: (i: string) => string[]; target: StartupCase['target']; env?: Record<string, string> }> = [
  { name: 'coord lint, 41-line file', args: () => ['lint', example], target: { wallMs: 150 } },
  // Where no start-up snapshot was made (npm 12 without allowed scripts) or it is turned off.
  { name: 'coord lint, 41-line file, without its snapshot', args: () => ['lint', example], target: undefined, env: { COORD_NO_SNAPSHOT: '1' } },
  { name: 'coord run, main example', args: (i) => ['run', example, '--runs-dir', path.join(work, 'runs'), '--run-id', `r${i}`], target: { wallMs: 300 } },
  { name: `coord lint, ${lines.toLocaleString('en-US')} lines in 4 files`, args: () => ['lint', large], target: { wallMs: 2000, maxRssMB: 300 } },
];

interface Sample {
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
}

function once(args: string[], countModules = false, cli = CLI, env: Record<string, string> = {}): { sample: Sample; modules?: number } {
  const timing = path.join(work, 'time.txt');
  const node = countModules ? [process.execPath, '--import', countHook, cli] : [process.execPath, cli];
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timing, ...node, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, CI: '1', ...env } });
  if (result.status !== 0) throw new Error(`coord ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const [wall, user, system, rssKB] = readFileSync(timing, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  const modules = /modules (\d+)/.exec(result.stderr)?.[1];
  return { sample: { wallMs: wall! * 1000, cpuMs: (user! + system!) * 1000, maxRssMB: rssKB! / 1024 }, ...(modules ? { modules: Number(modules) } : {}) };
}

if (values.against !== undefined) {
  compareWith(path.resolve(values.against, 'bin/coord.js'));
  process.exit(0);
}
if (values.workers !== undefined) {
  compareWorkers(values.workers.split(','));
  process.exit(0);
}

/** This build (B) against another (A), alternating run by run: medians of each and B / A. */
function compareWith(other: string): void {
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`A = ${other}, B = ${CLI}; ${runs} runs each, alternating; load average ${load}`);
  console.log('| command (cold) | A wall ms | B wall ms | B / A wall | A CPU ms | B CPU ms | B / A CPU | A peak MB | B peak MB | A modules | B modules |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of values.small ? cases.slice(0, 3) : cases) {
    once(c.args('warm-a'), false, other, c.env);
    once(c.args('warm-b'), false, CLI, c.env);
    const a: Sample[] = [];
    const b: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      a.push(once(c.args(`a${i}`), false, other, c.env).sample);
      b.push(once(c.args(`b${i}`), false, CLI, c.env).sample);
    }
    const modulesA = once(c.args('count-a'), true, other, c.env).modules ?? 0;
    const modulesB = once(c.args('count-b'), true, CLI, c.env).modules ?? 0;
    const wall = [median(a.map((s) => s.wallMs)), median(b.map((s) => s.wallMs))] as const;
    const cpu = [median(a.map((s) => s.cpuMs)), median(b.map((s) => s.cpuMs))] as const;
    const rss = [median(a.map((s) => s.maxRssMB)), median(b.map((s) => s.maxRssMB))] as const;
    const f = (x: number) => x.toFixed(0);
    console.log(`| ${c.name} | ${f(wall[0])} | ${f(wall[1])} | ${(wall[1] / wall[0]).toFixed(2)} | ${f(cpu[0])} | ${f(cpu[1])} | ${(cpu[1] / cpu[0]).toFixed(2)} | ${f(rss[0])} | ${f(rss[1])} | ${modulesA} | ${modulesB} |`);
  }
  rmSync(work, { recursive: true, force: true });
}

/** The 100,000-line lint with each `--workers` setting, alternating run by run: medians, and ratios to the first setting. */
function compareWorkers(settings: string[]): void {
  const large = cases.at(-1)!;
  const argsOf = (setting: string) => (setting === 'auto' ? large.args('') : ['lint', '--workers', setting, ...large.args('').slice(1)]);
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`${large.name}, by --workers; ${runs} runs each, alternating; load average ${load}; ${os.availableParallelism()} cores`);
  console.log('| --workers | wall ms | CPU ms | peak MB | wall / first | CPU / first | peak / first | peak MB of each run, sorted |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  const samples = new Map<string, Sample[]>(settings.map((setting) => [setting, []]));
  for (const setting of settings) once(argsOf(setting));
  for (let i = 0; i < runs; i++) for (const setting of settings) samples.get(setting)!.push(once(argsOf(setting)).sample);
  const medians = settings.map((setting) => {
    const taken = samples.get(setting)!;
    const peaks = taken.map((s) => s.maxRssMB).sort((a, b) => a - b);
    return { setting, wall: median(taken.map((s) => s.wallMs)), cpu: median(taken.map((s) => s.cpuMs)), rss: median(peaks), peaks };
  });
  const first = medians[0]!;
  for (const m of medians) {
    console.log(`| ${m.setting} | ${m.wall.toFixed(0)} | ${m.cpu.toFixed(0)} | ${m.rss.toFixed(0)} | ${(m.wall / first.wall).toFixed(2)} | ${(m.cpu / first.cpu).toFixed(2)} | ${(m.rss / first.rss).toFixed(2)} | ${m.peaks.map((p) => p.toFixed(0)).join(', ')} |`);
  }
  rmSync(work, { recursive: true, force: true });
}

const measured: StartupCase[] = [];
for (const c of cases) {
  once(c.args('warm'), false, CLI, c.env);
  const samples = Array.from({ length: runs }, (_, i) => once(c.args(String(i)), false, CLI, c.env).sample);
  const modules = once(c.args('count'), true, CLI, c.env).modules ?? 0;
  const row: StartupCase = {
    name: c.name,
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    maxRssMB: median(samples.map((s) => s.maxRssMB)),
    modules,
    runs,
    target: c.target,
  };
  measured.push(row);
  process.stderr.write(`${c.name}: ${row.wallMs.toFixed(0)} ms wall, ${row.cpuMs.toFixed(0)} ms CPU, ${row.maxRssMB.toFixed(0)} MB, ${modules} modules\n`);
}
rmSync(work, { recursive: true, force: true });

const results = StartupResults.parse({
  version: 1,
  command: `node --import tsx bench/startup.ts --runs ${runs}`,
  measuredAt: new Date().toISOString(),
  machine: thisMachine(),
  cases: measured,
});
mkdirSync(path.dirname(path.resolve(ROOT, values.out)), { recursive: true });
writeFileSync(path.resolve(ROOT, values.out), `${JSON.stringify(results, null, 2)}\n`);
console.log(startupTable(results));
