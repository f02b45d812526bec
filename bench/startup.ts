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
 * and their ratio are printed (peak memory too), with the median of the ratios of each B run to
 * the A run before it ("paired"), and wall times from this process's clock instead of
 * /usr/bin/time's 10 ms steps; no results file is written. `--small` leaves out the
 * 100,000-line lint (seconds a run).
 *
 * `--workers 0,1,2` times the 100,000-line lint of this build with each `coord lint --workers N`
 * (0: on the main thread alone; unset in the list as `auto`: the default), alternating run by run
 * as above, and prints their medians and ratios to the first; no results file is written.
 * `--node-flags='A|B'` does the same with each set of Node flags given to bin/coord.js (`-` for
 * none; a lint from its snapshot passes them on, after its own, so they win).
 *
 * The comparisons also print the peak of all the command's processes' memory together ("all
 * processes"): a lint from its snapshot is two processes alive at once (bin/coord.js waits for
 * the one it started), and /usr/bin/time's peak is that of the largest one alone. The sum is
 * sampled from /proc every 10 ms while the command runs (Linux; blank elsewhere), /usr/bin/time's
 * own 2 MB included.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, pairedMedianRatio } from '../src/bench/stats.js';
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
    'node-flags': { type: 'string' },
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
  /** From /usr/bin/time: 10 ms steps. */
  wallMs: number;
  /** From this process's clock around the command (and /usr/bin/time's own start, alike for all): what paired ratios divide. */
  exactWallMs?: number;
  cpuMs: number;
  maxRssMB: number;
  /** Peak of the summed memory of the command and every process under it; undefined where /proc cannot say. */
  treeRssMB?: number;
}

function once(args: string[], countModules = false, cli = CLI, env: Record<string, string> = {}): { sample: Sample; modules?: number } {
  const result = spawnSync('/usr/bin/time', timeArgs(args, countModules, cli), { cwd: work, encoding: 'utf8', env: { ...process.env, CI: '1', ...env } });
  if (result.status !== 0) throw new Error(`coord ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return readTiming(result.stderr);
}

function timeArgs(args: string[], countModules: boolean, cli: string, nodeFlags: string[] = []): string[] {
  const node = [process.execPath, ...nodeFlags, ...(countModules ? ['--import', countHook] : []), cli];
  return ['-f', '%e %U %S %M', '-o', path.join(work, 'time.txt'), ...node, ...args];
}

function readTiming(stderr: string): { sample: Sample; modules?: number } {
  const [wall, user, system, rssKB] = readFileSync(path.join(work, 'time.txt'), 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  const modules = /modules (\d+)/.exec(stderr)?.[1];
  return { sample: { wallMs: wall! * 1000, cpuMs: (user! + system!) * 1000, maxRssMB: rssKB! / 1024 }, ...(modules ? { modules: Number(modules) } : {}) };
}

/** As `once`, sampling meanwhile the summed memory of every process the command started. */
async function onceWithTree(args: string[], cli = CLI, env: Record<string, string> = {}, nodeFlags: string[] = []): Promise<Sample> {
  const started = performance.now();
  const child = spawn('/usr/bin/time', timeArgs(args, false, cli, nodeFlags), { cwd: work, env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let peakKB: number | undefined = 0;
  const sampler = setInterval(() => {
    const kB = treeRssKB(child.pid!);
    peakKB = kB === undefined || peakKB === undefined ? undefined : Math.max(peakKB, kB);
  }, 10);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const exactWallMs = performance.now() - started;
  clearInterval(sampler);
  if (status !== 0) throw new Error(`coord ${args.join(' ')} exited ${status}: ${stderr}`);
  const sample = { ...readTiming(stderr).sample, exactWallMs };
  return peakKB === undefined ? sample : { ...sample, treeRssMB: peakKB / 1024 };
}

/** Resident kB of a process and all its descendants (/proc's children lists), or undefined where /proc has none. */
function treeRssKB(root: number): number | undefined {
  let total = 0;
  for (const pids = [root]; pids.length > 0; ) {
    const pid = pids.pop()!;
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      pids.push(...readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
    } catch (error) {
      // A process that ended between two reads counts as gone; no /proc at all, as unknown.
      if (!existsSync('/proc/self/status')) return undefined;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  return total;
}

const medianOf = (samples: Sample[], field: 'wallMs' | 'exactWallMs' | 'cpuMs' | 'maxRssMB' | 'treeRssMB'): number | undefined =>
  samples.every((s) => s[field] !== undefined) ? median(samples.map((s) => s[field]!)) : undefined;
const mb = (x: number | undefined) => (x === undefined ? '' : x.toFixed(0));

if (values.against !== undefined) {
  await compareWith(path.resolve(values.against, 'bin/coord.js'));
  process.exit(0);
}
if (values.workers !== undefined) {
  await compareSettings('--workers', values.workers.split(','), (setting) => ({ args: setting === 'auto' ? [] : ['--workers', setting], flags: [] }));
  process.exit(0);
}
if (values['node-flags'] !== undefined) {
  await compareSettings('Node flags', values['node-flags'].split('|'), (setting) => ({ args: [], flags: setting === '-' ? [] : setting.split(' ').filter(Boolean) }));
  process.exit(0);
}

/**
 * B's runs over the A run just before each (pairedMedianRatio). On a machine whose load comes and
 * goes, the two runs of a pair meet about the same load, where the ratio of two medians mixes runs
 * from busy and quiet moments.
 */
function pairedRatio(a: Sample[], b: Sample[], field: 'exactWallMs' | 'cpuMs'): number {
  return pairedMedianRatio(
    a.map((s) => s[field]!),
    b.map((s) => s[field]!),
  );
}

/** This build (B) against another (A), alternating run by run: medians of each, B / A, and B / A paired run by run. */
async function compareWith(other: string): Promise<void> {
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`A = ${other}, B = ${CLI}; ${runs} runs each, alternating; load average ${load}`);
  console.log('| command (cold) | A wall ms | B wall ms | B / A wall | B / A wall, paired | A CPU ms | B CPU ms | B / A CPU | B / A CPU, paired | A peak MB | B peak MB | A peak MB, all processes | B peak MB, all processes | A modules | B modules |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of values.small ? cases.slice(0, 3) : cases) {
    once(c.args('warm-a'), false, other, c.env);
    once(c.args('warm-b'), false, CLI, c.env);
    const a: Sample[] = [];
    const b: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      a.push(await onceWithTree(c.args(`a${i}`), other, c.env));
      b.push(await onceWithTree(c.args(`b${i}`), CLI, c.env));
    }
    const modulesA = once(c.args('count-a'), true, other, c.env).modules ?? 0;
    const modulesB = once(c.args('count-b'), true, CLI, c.env).modules ?? 0;
    const [wallA, wallB, cpuA, cpuB] = [medianOf(a, 'exactWallMs')!, medianOf(b, 'exactWallMs')!, medianOf(a, 'cpuMs')!, medianOf(b, 'cpuMs')!];
    console.log(
      `| ${c.name} | ${mb(wallA)} | ${mb(wallB)} | ${(wallB / wallA).toFixed(2)} | ${pairedRatio(a, b, 'exactWallMs').toFixed(3)} | ${mb(cpuA)} | ${mb(cpuB)} | ${(cpuB / cpuA).toFixed(2)} | ${pairedRatio(a, b, 'cpuMs').toFixed(3)} | ${mb(medianOf(a, 'maxRssMB'))} | ${mb(medianOf(b, 'maxRssMB'))} | ${mb(medianOf(a, 'treeRssMB'))} | ${mb(medianOf(b, 'treeRssMB'))} | ${modulesA} | ${modulesB} |`,
    );
  }
  rmSync(work, { recursive: true, force: true });
}

/** The 100,000-line lint with each setting (of `--workers`, or of Node's flags), alternating run by run: medians, and ratios to the first. */
async function compareSettings(what: string, settings: string[], run: (setting: string) => { args: string[]; flags: string[] }): Promise<void> {
  const large = cases.at(-1)!;
  const argsOf = (setting: string) => ['lint', ...run(setting).args, ...large.args('').slice(1)];
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`${large.name}, by ${what}; ${runs} runs each, alternating; load average ${load}; ${os.availableParallelism()} cores`);
  console.log(`| ${what} | wall ms | CPU ms | peak MB | peak MB, all processes | wall / first | CPU / first | peak / first | peak MB of each run, sorted |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  const samples = new Map<string, Sample[]>(settings.map((setting) => [setting, []]));
  for (const setting of settings) await onceWithTree(argsOf(setting), CLI, {}, run(setting).flags);
  for (let i = 0; i < runs; i++) for (const setting of settings) samples.get(setting)!.push(await onceWithTree(argsOf(setting), CLI, {}, run(setting).flags));
  const medians = settings.map((setting) => {
    const taken = samples.get(setting)!;
    const peaks = taken.map((s) => s.maxRssMB).sort((a, b) => a - b);
    return { setting, wall: medianOf(taken, 'wallMs')!, cpu: medianOf(taken, 'cpuMs')!, rss: median(peaks), tree: medianOf(taken, 'treeRssMB'), peaks };
  });
  const first = medians[0]!;
  for (const m of medians) {
    console.log(
      `| ${m.setting} | ${m.wall.toFixed(0)} | ${m.cpu.toFixed(0)} | ${m.rss.toFixed(0)} | ${mb(m.tree)} | ${(m.wall / first.wall).toFixed(2)} | ${(m.cpu / first.cpu).toFixed(2)} | ${(m.rss / first.rss).toFixed(2)} | ${m.peaks.map((p) => p.toFixed(0)).join(', ')} |`,
    );
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
