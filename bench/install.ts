// What installing coord costs and how soon `coord run` says something: packs a checkout, installs
// the tarball with `npm install -g` in a clean environment (PATH and a fresh HOME), and measures
// the installed size and the time from starting `coord run <README example>` to its first byte of
// output, from the installed package and from the repository itself. docs/BENCHMARKS.md,
// "Installing and starting", shows the results of this checkout and of an older one.
//
//   node bench/install.ts [--repo <checkout>] [--runs <n>] [--out <file.json>]
//
// The checkout must be built (npm install builds it). npm's own cache is used for tarballs, as a
// second install on any machine would; every run after the first is warm (files in the page cache).
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { repo: { type: 'string' }, runs: { type: 'string' }, out: { type: 'string' } } });
const repo = path.resolve(values.repo ?? path.join(import.meta.dirname, '..'));
const runs = Number(values.runs ?? 7);
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

const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { name: string; version: string };
const commit = execFileSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
const example = /## The main command\s+```\n[^\n]*coord run (examples\/[a-z-]+\/[a-z-]+\.coord)/.exec(readme)?.[1];
if (!example) throw new Error(`${repo}/README.md names no main example`);

// 1. The tarball, and `npm install -g` of it with no environment variables.
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repo, encoding: 'utf8' })) as { filename: string; size: number }[];
const tarball = path.join(work, packed[0]!.filename);
const install = (prefix: string, extra: Record<string, string> = {}) => {
  const started = performance.now();
  const result = run('npm', ['install', '-g', '--prefix', prefix, '--cache', npmCache, '--prefer-offline', '--no-audit', '--no-fund', tarball], cleanEnv([], extra), work);
  return { ...result, seconds: round((performance.now() - started) / 1000, 1) };
};
let prefix = path.join(work, 'global');
const plain = install(prefix);
let installedWith: string | undefined;
if (plain.code !== 0) {
  // What the README of such a checkout did not say and CI set: skip onnxruntime-node's download.
  prefix = path.join(work, 'global-skip');
  installedWith = 'ONNXRUNTIME_NODE_INSTALL=skip';
  const skipped = install(prefix, { ONNXRUNTIME_NODE_INSTALL: 'skip' });
  if (skipped.code !== 0) throw new Error(`npm install -g failed even with ${installedWith}:\n${skipped.stderr}`);
}
const packageDir = path.join(prefix, 'lib', 'node_modules', manifest.name);
const installed = {
  ok: plain.code === 0,
  ...(plain.code === 0 ? {} : { error: lastLine(plain.stderr, /ENOTFOUND|error/i), measuredWith: installedWith }),
  seconds: plain.code === 0 ? plain.seconds : undefined,
  packageMB: megabytes(sizeOf(packageDir)),
  onnxruntimeMB: megabytes(sizeOf(path.join(packageDir, 'node_modules', 'onnxruntime-node'))),
};

// 2. First output of `coord run <example>`, installed, from a copy of the example in a folder of its own.
const copy = path.join(mkdtempSync(path.join(work, 'example-')), path.basename(path.dirname(example)));
cpSync(path.join(repo, path.dirname(example)), copy, { recursive: true });
const file = path.basename(example);
const fromPackage = await firstOutputs(runs + 1, () => ['coord', ['run', file], cleanEnv([path.join(prefix, 'bin')]), copy]);

// 3. The same from the repository: `npx coord` the first time (npx links the project into a fresh
// cache of its own and runs its install scripts), then `node bin/coord.js` warm.
const npxCache = path.join(work, 'npx-cache');
const npxFirst = await firstOutput('npx', ['--cache', npxCache, 'coord', 'run', example], { ...process.env, NO_COLOR: '1' }, repo);
const fromRepo = await firstOutputs(runs, () => [process.execPath, [path.join(repo, 'bin', 'coord.js'), 'run', example], { ...process.env, CI: '1' }, repo]);

const results = {
  version: 1,
  command: `node bench/install.ts${values.repo ? ` --repo <checkout of ${commit}>` : ''} --runs ${runs}${values.out ? ` --out ${path.relative(process.cwd(), out)}` : ''}`,
  commit,
  package: `${manifest.name}@${manifest.version}`,
  example,
  machine: { node: process.version, npm: execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim(), cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
  measuredAt: new Date().toISOString(),
  tarballMB: megabytes(packed[0]!.size),
  install: installed,
  firstOutputMs: {
    installed: { first: fromPackage.times[0], warmMedian: median(fromPackage.times.slice(1)), ok: fromPackage.ok, ...(fromPackage.ok ? {} : { output: fromPackage.output }) },
    repository: { npxFirst: npxFirst.ms, npxOk: npxFirst.code === 0, warmMedian: median(fromRepo.times), ok: fromRepo.ok },
  },
};
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\nwrote ${out}\n`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): { code: number; stderr: string } {
  try {
    execFileSync(command, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { status?: number; stderr?: Buffer };
    return { code: failed.status ?? 1, stderr: String(failed.stderr ?? '') };
  }
}

/** Milliseconds from spawning to the first byte on stdout or stderr, and the exit code. */
function firstOutput(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ ms: number; code: number; output: string }> {
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
    child.on('close', (code) => resolve({ ms: Math.round(first ?? performance.now() - started), code: code ?? 1, output: output.slice(0, 400) }));
  });
}

async function firstOutputs(count: number, invocation: () => [string, string[], NodeJS.ProcessEnv, string]) {
  const times: number[] = [];
  let ok = true;
  let output = '';
  for (let i = 0; i < count; i++) {
    const result = await firstOutput(...invocation());
    times.push(result.ms);
    if (result.code !== 0) {
      ok = false;
      output = result.output;
    }
  }
  return { times, ok, output };
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

function lastLine(text: string, pattern: RegExp): string {
  return text.split('\n').filter((line) => pattern.test(line)).slice(-1)[0]?.replace(/^npm error\s*/, '').trim() ?? 'failed';
}
