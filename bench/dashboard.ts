/**
 * What the live dashboard costs a run: `coord run` of 1,000 fast function-agent turns
 * (bench/fixtures/ticker-1000.coord), in a real pseudo-terminal (a detached tmux session,
 * 100x30) with the dashboard drawing, against the same run with `--json` to /dev/null in
 * the same terminal. The two modes alternate, and each reports two times: the run's own
 * wall time (`wallMs` of run.finished, from its journal) and the whole process (start to
 * exit, Node and tsx start-up included, the same in both modes). Prints the medians and
 * their ratios.
 *
 *   node --import tsx bench/dashboard.ts [--runs 7] [--turns 1000]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, turns: { type: 'string', default: '1000' } } });
const runs = Math.max(3, Number(values.runs));
const turns = Number(values.turns);
if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('bench/dashboard.ts needs tmux (apt-get install -y tmux)');

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = path.join(ROOT, 'test/runtime/support/coord-cli.ts');
const WORKFLOW = path.join(ROOT, 'bench/fixtures/ticker-1000.coord');
const work = mkdtempSync(path.join(tmpdir(), 'coord-bench-dashboard-'));
const input = path.join(work, 'input.json');
// Each of the two agents takes half the turns.
writeFileSync(input, JSON.stringify({ delayMs: 0, turns: Math.ceil(turns / 2) }));

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface Timing {
  runMs: number;
  processMs: number;
}

/** One `coord run` in a fresh 100x30 tmux session; the shell inside times the process and writes the result. */
async function once(mode: 'dashboard' | 'json', index: number): Promise<Timing> {
  const id = `${mode}-${index}`;
  const runsDir = path.join(work, 'runs');
  const timing = path.join(work, `${id}.ns`);
  const coord = `${quote(process.execPath)} --import tsx ${quote(CLI)} run ${quote(WORKFLOW)} --input ${quote(input)} --runs-dir ${quote(runsDir)} --run-id ${id}`;
  const run = mode === 'json' ? `${coord} --json > /dev/null` : coord;
  const script = `cd ${quote(ROOT)} && s=$(date +%s%N); env -u CI -u CONTINUOUS_INTEGRATION ${run}; e=$(date +%s%N); echo $((e - s)) > ${quote(timing)}.tmp; mv ${quote(timing)}.tmp ${quote(timing)}`;
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
  return { runMs: finished.event.wallMs, processMs: Number(readFileSync(timing, 'utf8')) / 1e6 };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// One warm-up of each, not counted (file caches, tsx's transform cache).
await once('json', -1);
await once('dashboard', -1);
const results: Record<'dashboard' | 'json', Timing[]> = { dashboard: [], json: [] };
for (let i = 0; i < runs; i++) {
  for (const mode of i % 2 === 0 ? (['json', 'dashboard'] as const) : (['dashboard', 'json'] as const)) results[mode].push(await once(mode, i));
}

const row = (mode: 'dashboard' | 'json') => {
  const run = median(results[mode].map((t) => t.runMs));
  const processMs = median(results[mode].map((t) => t.processMs));
  return { run, processMs };
};
const json = row('json');
const dashboard = row('dashboard');
console.log(`coord run, ${turns} function-agent turns, ${runs} runs per mode (median), tmux 100x30, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, node ${process.version}`);
console.log(`mode        run wall (ms)   process (ms)`);
console.log(`--json      ${json.run.toFixed(0).padStart(13)}   ${json.processMs.toFixed(0).padStart(12)}`);
console.log(`dashboard   ${dashboard.run.toFixed(0).padStart(13)}   ${dashboard.processMs.toFixed(0).padStart(12)}`);
console.log(`ratio       ${(dashboard.run / json.run).toFixed(3).padStart(13)}   ${(dashboard.processMs / json.processMs).toFixed(3).padStart(12)}`);
