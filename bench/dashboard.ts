/**
 * What the live dashboard costs a run: `coord run` of 1,000 fast function-agent turns
 * (bench/fixtures/ticker-1000.coord), in a real pseudo-terminal (a detached tmux session,
 * 100x30) with the dashboard drawing, against the same run with `--json` to /dev/null in
 * the same terminal. The two modes alternate, and each reports three times: the run's own
 * wall time (`wallMs` of run.finished, from its journal), the whole process's wall time and
 * its CPU time (user + system, from /usr/bin/time; start-up included, the same in both
 * modes). CPU time is the steadiest of the three on a shared machine, where wall time also
 * measures the neighbours. Loading Ink and React is a fixed cost of the dashboard, paid
 * once per process however long the run: it is timed apart (CPU of a process that only
 * imports the dashboard, less that of an empty one) and taken out in the last line.
 * Prints the medians and their ratios.
 *
 * It runs the built CLI (bin/coord.js, as users do), so build first:
 *
 *   npm run build && node --import tsx bench/dashboard.ts [--runs 7] [--turns 1000]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '../src/bench/stats.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, turns: { type: 'string', default: '1000' } } });
const runs = Math.max(3, Number(values.runs));
const turns = Number(values.turns);
if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('bench/dashboard.ts needs tmux (apt-get install -y tmux)');

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = path.join(ROOT, 'bin/coord.js');
if (!existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
const WORKFLOW = path.join(ROOT, 'bench/fixtures/ticker-1000.coord');
const work = mkdtempSync(path.join(tmpdir(), 'coord-bench-dashboard-'));
const input = path.join(work, 'input.json');
// Each of the two agents takes half the turns.
writeFileSync(input, JSON.stringify({ delayMs: 0, turns: Math.ceil(turns / 2) }));

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface Timing {
  runMs: number;
  processMs: number;
  cpuMs: number;
}

/** One `coord run` in a fresh 100x30 tmux session; /usr/bin/time inside times the process and writes the result. */
async function once(mode: 'dashboard' | 'json', index: number): Promise<Timing> {
  const id = `${mode}-${index}`;
  const runsDir = path.join(work, 'runs');
  const timing = path.join(work, `${id}.time`);
  const coord = `${quote(process.execPath)} ${quote(CLI)} run ${quote(WORKFLOW)} --input ${quote(input)} --runs-dir ${quote(runsDir)} --run-id ${id}`;
  const run = mode === 'json' ? `${coord} --json > /dev/null` : coord;
  const timed = `/usr/bin/time -f '%e %U %S' -o ${quote(timing)}.tmp env -u CI -u CONTINUOUS_INTEGRATION sh -c ${quote(run)}`;
  const script = `cd ${quote(ROOT)} && ${timed}; mv ${quote(timing)}.tmp ${quote(timing)}`;
  const session = `coord-bench-${process.pid}-${id}`;
  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '100', '-y', '30', script]);
  try {
    while (!existsSync(timing)) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
  }
  const journal = readFileSync(path.join(runsDir, id, 'journal.jsonl'), 'utf8').trim().split('\n');
  const finished = JSON.parse(journal.at(-1)!) as { event: { type: string; outcome: string; wallMs: number } };
  if (finished.event.type !== 'run.finished' || finished.event.outcome !== 'done') throw new Error(`${id} did not finish: ${journal.at(-1)}`);
  const turnsRun = journal.filter((line) => line.includes('"type":"turn.finished"')).length;
  if (turnsRun !== turns) throw new Error(`${id} ran ${turnsRun} turns, not ${turns}`);
  const [wall, user, system] = readFileSync(timing, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { runMs: finished.event.wallMs, processMs: wall! * 1000, cpuMs: (user! + system!) * 1000 };
}


// One warm-up of each, not counted (file caches).
await once('json', -1);
await once('dashboard', -1);
const results: Record<'dashboard' | 'json', Timing[]> = { dashboard: [], json: [] };
for (let i = 0; i < runs; i++) {
  for (const mode of i % 2 === 0 ? (['json', 'dashboard'] as const) : (['dashboard', 'json'] as const)) results[mode].push(await once(mode, i));
}

/** CPU ms of a node process running `code`, by /usr/bin/time. */
function cpuOf(code: string): number {
  const timing = path.join(work, 'load.time');
  execFileSync('/usr/bin/time', ['-f', '%U %S', '-o', timing, process.execPath, '--input-type=module', '-e', code], { cwd: ROOT });
  const [user, system] = readFileSync(timing, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return (user! + system!) * 1000;
}
const loadCpu =
  median(Array.from({ length: runs }, () => cpuOf("await import('./dist/src/ui/start-dashboard.js')"))) - median(Array.from({ length: runs }, () => cpuOf('0')));

const medians = (mode: 'dashboard' | 'json') => ({
  run: median(results[mode].map((t) => t.runMs)),
  process: median(results[mode].map((t) => t.processMs)),
  cpu: median(results[mode].map((t) => t.cpuMs)),
});
const json = medians('json');
const dashboard = medians('dashboard');
const cells = (values: number[], digits = 0) => values.map((v) => v.toFixed(digits).padStart(14)).join('');
console.log(`coord run, ${turns} function-agent turns, ${runs} runs per mode (median), tmux 100x30, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, node ${process.version}`);
console.log(`mode      ${['run wall ms', 'process ms', 'process cpu ms'].map((h) => h.padStart(14)).join('')}`);
console.log(`--json    ${cells([json.run, json.process, json.cpu])}`);
console.log(`dashboard ${cells([dashboard.run, dashboard.process, dashboard.cpu])}`);
console.log(`ratio     ${cells([dashboard.run / json.run, dashboard.process / json.process, dashboard.cpu / json.cpu], 3)}`);
console.log(`loading Ink and React: ${loadCpu.toFixed(0)} ms CPU once per process; without it the dashboard costs ${(((dashboard.cpu - loadCpu) / json.cpu - 1) * 100).toFixed(1)}% more CPU than --json`);
