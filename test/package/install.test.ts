import { cp, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assetsOf } from '../../build/copy-assets.js';
import { lspHandshake } from '../cli/support/lsp-stdio.js';
import { ROOT, requireBuild } from '../cli/support/run-binary.js';
import { cleanEnv, npmFlags, run, type Ran } from './support/clean-env.js';

// coord as its users get it: the packed tarball, installed with `npm install -g` and as a project's
// dependency in folders of their own, with no environment variables beyond PATH and HOME, then used.
// It needs what `npm install` needs: the npm registry, or npm's cache with what the install fetches.

const MINUTES = 60_000;
const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
};

let work: string;
let tarball: string;
let shipped: Set<string>;
let globalBin: string;
let globalInstall: Ran;
let flags: string[];

beforeAll(async () => {
  requireBuild();
  work = await mkdtemp(path.join(tmpdir(), 'coord-package-'));
  flags = await npmFlags();
  // --ignore-scripts: `prepare` would build again; npm test built dist/ just before.
  const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { env: process.env, cwd: ROOT });
  expect(packed.code, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, info!.filename);
  shipped = new Set(info!.files.map((f) => f.path));
  const prefix = path.join(work, 'global');
  globalBin = path.join(prefix, 'bin');
  globalInstall = await run('npm', ['install', '-g', '--prefix', prefix, ...flags, tarball], { env: cleanEnv(path.join(work, 'home')), cwd: work, timeoutMs: 8 * MINUTES });
}, 10 * MINUTES);

const coordEnv = () => cleanEnv(path.join(work, 'home'), [globalBin]);
const coord = (args: string[], cwd: string) => run('coord', args, { env: coordEnv(), cwd });

/** A copy of one of the repository's examples in a folder of its own, with no package.json above it. */
async function exampleCopy(name: string): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(work, 'example-')), name);
  await cp(path.join(ROOT, 'examples', name), dir, { recursive: true });
  return dir;
}

describe('the packed tarball', () => {
  it('ships what its exports, bin and preinstall name, with type declarations', () => {
    const targets = Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : [target.types, target.default]));
    const named = [...targets, ...Object.values(manifest.bin), 'install/cpu-only-onnxruntime.js'].map((file) => file.replace(/^\.\//, ''));
    expect(named.filter((file) => !shipped.has(file))).toEqual([]);
    expect(targets.some((file) => file.endsWith('.d.ts'))).toBe(true);
  });

  it('ships the source of every source map and declaration map in it', async () => {
    const maps = [...shipped].filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(100);
    const dangling: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(await readFile(path.join(ROOT, map), 'utf8')) as { sources: string[] };
      for (const source of sources) {
        const file = path.posix.normalize(path.posix.join(path.posix.dirname(map), source));
        if (!shipped.has(file)) dangling.push(`${map} -> ${file}`);
      }
    }
    expect(dangling).toEqual([]);
  });

  it('ships every data file a compiled module looks for beside itself', () => {
    const missing = assetsOf(ROOT)
      .map((asset) => path.relative(ROOT, asset.to).split(path.sep).join('/'))
      .filter((file) => !shipped.has(file));
    expect(missing).toEqual([]);
  });

  it('ships no tests, no training code and no unshipped model variants', () => {
    expect([...shipped].filter((file) => /^(test|training|bench|examples)\/|^models\/(?!coordinator)|\.test\.tsx?$|\.tsbuildinfo$/.test(file))).toEqual([]);
  });
});

describe('npm install -g <tarball>, with no environment variables', () => {
  it('succeeds, downloading no GPU libraries and keeping only this platform\'s onnxruntime binaries', async () => {
    expect(globalInstall.code, globalInstall.stderr).toBe(0);
    await expectCpuOnly(path.join(work, 'global', 'lib', 'node_modules', manifest.name, 'node_modules', 'onnxruntime-node'));
  });

  it('gives a coord binary that knows its version', async () => {
    expect((await coord(['--version'], work)).stdout).toBe(`coord ${manifest.version}\n`);
  });

  it('lints and runs the README\'s main example from a copy in a folder without package.json', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const main = /## The main command\s+```\n[^\n]*coord run (examples\/([a-z-]+)\/[a-z-]+\.coord)/.exec(readme);
    expect(main, 'README names its main example').not.toBeNull();
    const dir = await exampleCopy(main![2]!);
    const file = path.basename(main![1]!);
    const lint = await coord(['lint', file], dir);
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
    // The postinstall made lint's start-up snapshot with this Node (install/build-snapshot.js).
    const debug = await run('coord', ['lint', file], { env: { ...coordEnv(), COORD_DEBUG: '1' }, cwd: dir });
    expect(debug.stderr).toContain('coord: lint starts from the snapshot');
    expect(debug.stdout).toBe(lint.stdout);
    const ran = await coord(['run', file], dir);
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toContain('outcome: done');
    expect(ran.code).toBe(0);
  });

  it('runs coordbench, whose agents load from the installed package', async () => {
    const dir = await mkdtemp(path.join(work, 'bench-'));
    const args = ['bench', '--family', 'relay', '--policy', 'text,latent', '--budgets', '32', '--count', '1', '--concurrency', '1', '--out', 'results'];
    const bench = await coord(args, dir);
    expect(bench.code, bench.stderr).toBe(0);
    expect(bench.stderr).not.toMatch(/Vulkan:|\.cpp:\d+/);
    const { rows } = JSON.parse(await readFile(path.join(dir, 'results', 'results.json'), 'utf8')) as { rows: { policy: string; runs: number }[] };
    expect(rows.map((row) => [row.policy, row.runs])).toEqual([['text', 1], ['latent', 1]]);
  });

  it('serves the language server: initialize, shutdown, exit', async () => {
    const { capabilities, code } = await lspHandshake(path.join(globalBin, 'coord'), ['lsp'], { env: coordEnv(), cwd: work });
    expect(capabilities).toMatchObject({ hoverProvider: expect.anything() });
    expect(code).toBe(0);
  });
});

describe('npm install <tarball> in a project, used as a library', () => {
  let project: string;
  let installed: Ran;

  beforeAll(async () => {
    project = await exampleCopy('library');
    await writeFile(path.join(project, 'package.json'), `${JSON.stringify({ name: 'uses-coord', private: true, type: 'module', dependencies: { [manifest.name]: `file:${tarball}` } }, null, 2)}\n`);
    installed = await run('npm', ['install', ...flags], { env: cleanEnv(path.join(work, 'home')), cwd: project, timeoutMs: 8 * MINUTES });
  }, 10 * MINUTES);

  it('installs, onnxruntime-node CPU-only here too', async () => {
    expect(installed.code, installed.stderr).toBe(0);
    await expectCpuOnly(path.join(project, 'node_modules', 'onnxruntime-node'));
  });

  it('runs docs/library.md\'s example: check, compile, run with events, the coordinator, replay', async () => {
    const strip = process.features.typescript ? [] : ['--experimental-strip-types'];
    const ran = await run(process.execPath, [...strip, 'run.ts'], { env: cleanEnv(path.join(work, 'home')), cwd: project });
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toMatch(/the coordinator read out \d+ notes/);
    expect(ran.stdout).toContain('replay matches');
    expect(ran.code).toBe(0);
  });

  it('type-checks against the shipped declarations, which are not `any`', async () => {
    await mkdir(path.join(project, 'probe'), { recursive: true });
    await writeFile(
      path.join(project, 'probe', 'types.ts'),
      `import { checkWorkflow } from '${manifest.name}';
import type { RunEvent } from '${manifest.name}/runtime';
import { createCoordinator } from '${manifest.name}/coordinator';
// Each line below is an error only if the declarations resolved; were they \`any\`, it would compile.
// @ts-expect-error a check's file is a string
export const file: number = (await checkWorkflow('x.coord')).file;
// @ts-expect-error no such event
export const event: RunEvent['type'] = 'no.such.event';
// @ts-expect-error a coordinator needs its run's id
void createCoordinator({});
`,
    );
    const tsconfig = {
      compilerOptions: { module: 'nodenext', target: 'es2023', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
      include: ['*.ts', 'agents', 'probe'],
    };
    await writeFile(path.join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = await run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { env: cleanEnv(path.join(work, 'home')), cwd: project });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });
});

/** onnxruntime-node as coord's preinstall leaves it: this platform's binding only, no GPU library downloaded. */
async function expectCpuOnly(ort: string): Promise<void> {
  expect(await readdir(path.join(ort, 'bin', 'napi-v6'))).toEqual([process.platform]);
  expect(await readdir(path.join(ort, 'bin', 'napi-v6', process.platform))).toEqual([process.arch]);
  if (`${process.platform}/${process.arch}` === 'linux/x64') {
    // What onnxruntime-node's postinstall would have fetched from api.nuget.org: placeholders, a few bytes each.
    const cuda = await stat(path.join(ort, 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so'));
    expect(cuda.size).toBeLessThan(1024);
  }
}
