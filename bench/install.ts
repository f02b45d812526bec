// What installing coord costs and how soon `coord run` says something, for this checkout and an
// older one: packs each, installs the tarball with `npm install -g` in a clean environment (PATH and
// a fresh HOME), and measures the installed size and the time from starting `coord run <README
// example>` to its first byte of output, from the installed package and from the repository itself.
// The timed runs of the two checkouts alternate, so that a busy machine slows both alike.
// docs/BENCHMARKS.md, "Installing and starting", shows the results.
//
//   node bench/install.ts --before <older checkout> [--runs <n>] [--out <file.json>]
//
// Both checkouts must be built (npm install builds them). npm's own cache serves the tarballs, as a
// second install on any machine would.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { before: { type: 'string' }, runs: { type: 'string' }, out: { type: 'string' } } });
if (!values.before) throw new Error('usage: node bench/install.ts --before <older checkout> [--runs <n>] [--out <file.json>]');
const runs = Number(values.runs ?? 15);
const out = path.resolve(values.out ?? path.join(import.meta.dirname, 'results', 'install', 'results.json'));

const work = mkdtempSync(path.join(tmpdir(), 'coord-install-bench-'));
const home = path.join(work, 'home');
mkdirSync(home);
const network = Object.fromEntries(Object.entries(process.env).filter(([name]) => /^(NODE_EXTRA_CA_CERTS|https?_proxy|no_proxy)$/i.test(name)));
const cleanEnv = (bins: string[] = [], extra: Record<string, string> = {}) => ({
  PATH: [...bins, path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
  HOME: home,
  ...network,
  ...extra,
});
const npmCache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();

interface Invocation {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Packs and installs a checkout; returns what was measured so far and how to run coord from it. */
async function prepare(repo: string, label: string) {
  const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { name: string; version: string };
  const commit = execFileSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
  const example = /## The main command\s+```\n[^\n]*coord run (examples\/[a-z-]+\/[a-z-]+\.coord)/.exec(readme)?.[1];
  if (!example) throw new Error(`${repo}/README.md names no main example`);
  const dir = path.join(work, label);
  mkdirSync(dir);

  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: repo, encoding: 'utf8' })) as { filename: string; size: number }[];
  const tarball = path.join(dir, packed[0]!.filename);
  const install = (prefix: string, extra: Record<string, string> = {}) => {
    const started = performance.now();
    const result = run('npm', ['install', '-g', '--prefix', prefix, '--cache', npmCache, '--prefer-offline', '--no-audit', '--no-fund', tarball], cleanEnv([], extra), dir);
    return { ...result, seconds: round((performance.now() - started) / 1000, 1) };
  };
  let prefix = path.join(dir, 'global');
  const plain = install(prefix);
  let measuredWith: string | undefined;
  if (plain.code !== 0) {
    // What such a checkout's README did not say, and its CI set: skip onnxruntime-node's download.
    prefix = path.join(dir, 'global-skip');
    measuredWith = 'ONNXRUNTIME_NODE_INSTALL=skip';
    const skipped = install(prefix, { ONNXRUNTIME_NODE_INSTALL: 'skip' });
    if (skipped.code !== 0) throw new Error(`npm install -g failed even with ${measuredWith}:\n${skipped.stderr}`);
  }
  const packageDir = path.join(prefix, 'lib', 'node_modules', manifest.name);

  // The first `npx coord` in the repository: npx links the project into a fresh cache of its own
  // and runs its install scripts (`prepare` builds) before coord starts.
  const npxFirst = await firstOutput({ command: 'npx', args: ['--cache', path.join(dir, 'npx-cache'), 'coord', 'run', example], env: { ...process.env, CI: '1' }, cwd: repo });

  const copy = path.join(dir, 'example', path.basename(path.dirname(example)));
  cpSync(path.join(repo, path.dirname(example)), copy, { recursive: true });
  const installed: Invocation = { command: 'coord', args: ['run', path.basename(example)], env: cleanEnv([path.join(prefix, 'bin')]), cwd: copy };
  const repository: Invocation = { command: process.execPath, args: [path.join(repo, 'bin', 'coord.js'), 'run', example], env: { ...process.env, CI: '1' }, cwd: repo };
  return {
    summary: {
      commit,
      package: `${manifest.name}@${manifest.version}`,
      example,
      tarballMB: megabytes(packed[0]!.size),
      install: {
        ok: plain.code === 0,
        ...(plain.code === 0 ? { seconds: plain.seconds } : { error: failure(plain.stderr), measuredWith }),
        packageMB: megabytes(sizeOf(packageDir)),
        onnxruntimeMB: megabytes(sizeOf(path.join(packageDir, 'node_modules', 'onnxruntime-node'))),
      },
      npxFirst: { ms: npxFirst.ms, ok: npxFirst.code === 0 },
    },
    installed,
    repository,
  };
}

const before = await prepare(path.resolve(values.before), 'before');
const after = await prepare(path.join(import.meta.dirname, '..'), 'after');

// The first run of each installed package is its first ever (cold); then both alternate.
const timed = { before: { installed: [] as Result[], repository: [] as Result[] }, after: { installed: [] as Result[], repository: [] as Result[] } };
for (let i = 0; i <= runs; i++) {
  for (const [name, checkout] of [['before', before], ['after', after]] as const) {
    timed[name].installed.push(await firstOutput(checkout.installed));
    if (i > 0) timed[name].repository.push(await firstOutput(checkout.repository));
  }
}

const report = (name: 'before' | 'after', checkout: typeof before) => {
  const installed = timed[name].installed;
  const failed = installed.find((r) => r.code !== 0);
  return {
    ...checkout.summary,
    firstOutputMs: {
      installed: { first: installed[0]!.ms, warmMedian: median(installed.slice(1).map((r) => r.ms)), ok: !failed, ...(failed ? { output: failed.output } : {}) },
      repository: { npxFirst: checkout.summary.npxFirst.ms, warmMedian: median(timed[name].repository.map((r) => r.ms)), ok: timed[name].repository.every((r) => r.code === 0) },
    },
  };
};
const { npxFirst: _b, ...beforeSummary } = report('before', before);
const { npxFirst: _a, ...afterSummary } = report('after', after);
const results = {
  version: 1,
  command: `node bench/install.ts --before <checkout of ${before.summary.commit}> --runs ${runs}`,
  machine: { node: process.version, npm: execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim(), cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
  measuredAt: new Date().toISOString(),
  before: beforeSummary,
  after: afterSummary,
};
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\nwrote ${out}\n`);

interface Result {
  ms: number;
  code: number;
  output: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): { code: number; stderr: string } {
  try {
    execFileSync(command, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { status?: number; stderr?: Buffer };
    return { code: failed.status ?? 1, stderr: String(failed.stderr ?? '') };
  }
}

/** Milliseconds from spawning to the first byte on stdout or stderr, the exit code, and the start of the output. */
function firstOutput({ command, args, env, cwd }: Invocation): Promise<Result> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let first: number | undefined;
    let output = '';
    const on = (chunk: Buffer) => {
      first ??= performance.now() - started;
      output += chunk;
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Math.round(first ?? performance.now() - started), code: code ?? 1, output: output.slice(0, 300) }));
  });
}

function sizeOf(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) bytes += sizeOf(full);
    else if (entry.isFile()) bytes += statSync(full).size;
  }
  return bytes;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

function megabytes(bytes: number): number {
  return round(bytes / 1e6, 1);
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

/** The line of npm's error output that says what went wrong. */
function failure(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.replace(/^npm error\s*/, '').trim());
  return lines.find((line) => /ENOTFOUND|ETIMEDOUT|ECONNREFUSED|EAI_AGAIN/.test(line)) ?? lines.find((line) => line && !/complete log/.test(line)) ?? 'failed';
}
