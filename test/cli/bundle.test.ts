import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { assetsOf } from '../../build/copy-assets.js';
import { BIN, ROOT, requireBuild } from './support/run-binary.js';

// What a command costs to start is what it loads: bin/coord.js runs the bundle (build/bundle.js),
// and a command's chunks hold only what it needs. Which sources went into which chunk, the
// bundle's metafile says.

/** Records every file a process (and its worker threads) loads, one URL a line, in COORD_LOADED. */
const RECORD_LOADS = `data:text/javascript,${encodeURIComponent(
  "import { registerHooks } from 'node:module'; import { appendFileSync } from 'node:fs'; const urls = []; registerHooks({ load(url, context, next) { urls.push(url); return next(url, context); } }); process.on('exit', () => appendFileSync(process.env.COORD_LOADED, urls.join('\\n') + '\\n'));",
)}`;

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

/** The language server's packages, the providers' SDKs, tracing, MCP, Restate, the dashboard, the coordinator. */
const NOT_FOR_LINT_OR_RUN = [
  'node_modules/vscode-languageserver/',
  'node_modules/langium/lib/lsp/',
  'dist/src/language/lsp-module.js',
  'node_modules/ai/',
  'node_modules/@ai-sdk/',
  'node_modules/@opentelemetry/',
  'node_modules/@modelcontextprotocol/',
  'node_modules/@restatedev/',
  'node_modules/ink/',
  'node_modules/react/',
  'node_modules/onnxruntime-node/',
];

let meta: Metafile;

beforeAll(async () => {
  requireBuild();
  meta = JSON.parse(await readFile(path.join(ROOT, 'dist', 'bundle.meta.json'), 'utf8')) as Metafile;
});

/**
 * The files `coord <args>` loaded (relative to the package), and the sources inside the bundle's files among them.
 * Without lint's start-up snapshot, which loads no file (test/cli/lint-snapshot.test.ts checks what it holds).
 */
async function loadedBy(args: string[]): Promise<{ files: string[]; sources: string[] }> {
  const record = path.join(await mkdtemp(path.join(tmpdir(), 'coord-loads-')), 'loaded.txt');
  // Rejects (failing the test) when the command exits non-zero.
  await promisify(execFile)(process.execPath, ['--import', RECORD_LOADS, BIN, ...args], { cwd: ROOT, env: { ...process.env, CI: '1', COORD_LOADED: record, COORD_NO_SNAPSHOT: '1' } });
  const urls = new Set((await readFile(record, 'utf8')).split('\n').filter((url) => url.startsWith('file:')));
  const files = [...urls].map((url) => path.relative(ROOT, fileURLToPath(url)).split(path.sep).join('/'));
  const sources = files.flatMap((file) => Object.keys(meta.outputs[file]?.inputs ?? {}));
  return { files, sources };
}

const forbidden = (sources: string[]) => sources.filter((source) => NOT_FOR_LINT_OR_RUN.some((prefix) => source.startsWith(prefix)));

describe('the built CLI', () => {
  it('is the bundle: bin/coord.js loads its files from dist/bundle/ and none of the compiled modules beside it', async () => {
    const { files, sources } = await loadedBy(['lint', 'examples/word-stats/flow.coord']);
    expect(files.filter((file) => !['bin/coord.js', 'dist/src/cli/start-snapshot.js', 'dist/runtime/agents/compile-cache.js'].includes(file) && !file.startsWith('dist/bundle/'))).toEqual([]);
    expect(sources).toContain('dist/src/language/coord-module.js');
  });

  it('finds every data file that coord\'s modules name beside themselves from the bundle\'s folder', async () => {
    const bundle = path.join(ROOT, 'dist', 'bundle');
    const texts = await Promise.all((await readdir(bundle)).filter((name) => name.endsWith('.js')).map((name) => readFile(path.join(bundle, name), 'utf8')));
    const assets = assetsOf(ROOT);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const relative = path.relative(bundle, asset.to).split(path.sep).join('/');
      expect(texts.some((text) => text.includes(`new URL(${JSON.stringify(relative)},`)), `${asset.module} names ${relative}`).toBe(true);
      expect(existsSync(asset.to), asset.to).toBe(true);
    }
  });

  it('bundles the language server and the providers, so that their absence below means something', () => {
    const bundled = Object.keys(meta.inputs);
    for (const prefix of ['node_modules/vscode-languageserver/', 'node_modules/langium/lib/lsp/', 'node_modules/@ai-sdk/', 'node_modules/ink/']) {
      expect(bundled.some((source) => source.startsWith(prefix)), prefix).toBe(true);
    }
  });

  // A user's install has no devDependencies (gpt-tokenizer, which build/token-tables.js reads, is one):
  // a bundled module of one would be missing only there.
  it('bundles nothing that only a development install has', async () => {
    const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.keys(lock.packages).filter((where) => lock.packages[where]!.dev === true);
    const bundled = Object.keys(meta.inputs).filter((source) => devOnly.some((where) => source.startsWith(`${where}/`)));
    expect(devOnly).toContain('node_modules/gpt-tokenizer');
    expect(bundled).toEqual([]);
  });

  it('lints without loading the language server, the providers, tracing, the dashboard or the coordinator', async () => {
    expect(forbidden((await loadedBy(['lint', 'examples/word-stats/flow.coord'])).sources)).toEqual([]);
  });

  it("holds none of them in lint's start-up snapshot either", async () => {
    const snapshot = JSON.parse(await readFile(path.join(ROOT, 'dist', 'lint-snapshot.meta.json'), 'utf8')) as Metafile;
    const sources = Object.keys(snapshot.inputs);
    expect(sources).toContain('dist/src/language/coord-module.js');
    expect(forbidden(sources)).toEqual([]);
  });

  // The agents' threads load their modules through the bundle's load-module.js entry: were it
  // not found, the run would fail before its first turn.
  it('runs a workflow of function agents without them either', async () => {
    const runs = await mkdtemp(path.join(tmpdir(), 'coord-runs-'));
    const { sources } = await loadedBy(['run', 'examples/word-stats/flow.coord', '--runs-dir', runs]);
    expect(forbidden(sources)).toEqual([]);
    expect(sources).toContain('dist/runtime/agents/function-pool.js');
  });
});
