/**
 * How fast the built CLI starts, cold (a fresh process each time, as a user or CI runs it):
 * `coord lint` of a small file (examples/word-stats/flow.coord, 41 lines), `coord run` of the
 * README's main example (the same file: three function agents, offline), and `coord lint` of
 * 100,000 generated lines (bench/generate-workflow.ts) in four files. Each is timed by
 * /usr/bin/time: wall, CPU (user + system, every thread) and peak memory (max RSS); medians
 * of `--runs` runs after one warm-up (which fills the OS file cache). One more run of each
 * counts the modules it loads (a module.registerHooks hook). Writes
 * bench/results/startup/results.json and prints the table.
 *
 *   npm run build && node --import tsx bench/startup.ts [--runs 7]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '../src/bench/peers.js';
import { thisMachine } from '../src/bench/timing-machine.js';
import { StartupResults, startupTable, type StartupCase } from '../src/bench/startup.js';
import { generateWorkflow } from './generate-workflow.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, out: { type: 'string', default: 'bench/results/startup/results.json' } } });
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

const cases: Array<{ name: string; args: (i: string) => string[]; target: StartupCase['target'] }> = [
  { name: 'coord lint, 41-line file', args: () => ['lint', example], target: { wallMs: 150 } },
  { name: 'coord run, main example', args: (i) => ['run', example, '--runs-dir', path.join(work, 'runs'), '--run-id', `r${i}`], target: { wallMs: 300 } },
  { name: `coord lint, ${lines.toLocaleString('en-US')} lines in 4 files`, args: () => ['lint', large], target: { wallMs: 2000, maxRssMB: 300 } },
];

interface Sample {
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
}

function once(args: string[], countModules = false): { sample: Sample; modules?: number } {
  const timing = path.join(work, 'time.txt');
  const node = countModules ? [process.execPath, '--import', countHook, CLI] : [process.execPath, CLI];
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timing, ...node, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  if (result.status !== 0) throw new Error(`coord ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const [wall, user, system, rssKB] = readFileSync(timing, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  const modules = /modules (\d+)/.exec(result.stderr)?.[1];
  return { sample: { wallMs: wall! * 1000, cpuMs: (user! + system!) * 1000, maxRssMB: rssKB! / 1024 }, ...(modules ? { modules: Number(modules) } : {}) };
}

const measured: StartupCase[] = [];
for (const c of cases) {
  once(c.args('warm'));
  const samples = Array.from({ length: runs }, (_, i) => once(c.args(String(i))).sample);
  const modules = once(c.args('count'), true).modules ?? 0;
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
