#!/usr/bin/env node
// After tsc and copy-assets: bundles the compiled CLI (dist/src/cli/main.js) with its
// dependencies into dist/bundle/, which bin/coord.js runs. A cold `coord lint` otherwise loads
// some 500 files one by one (lodash-es, Langium, zod, Chevrotain…); bundled, it reads a few.
// Each lazily imported command becomes chunks of its own, so `coord lint` still loads none of
// the runtime, providers or dashboard. The package's library exports stay the unbundled
// dist/src and dist/runtime that tsc writes.
import { build } from 'esbuild';
import path from 'node:path';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
// The same references copy-assets.js finds: a data file named relative to its module.
import { MODULE, REFERENCE } from './copy-assets.js';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const DIST = path.join(ROOT, 'dist');
const BUNDLE = path.join(DIST, 'bundle');
const META = path.join(DIST, 'bundle.meta.json');
const SNAPSHOT_META = path.join(DIST, 'lint-snapshot.meta.json');

/**
 * Left to Node: a native addon (onnxruntime-node), a module loader that must load its own files
 * (tsx), and Ink's optional React devtools, imported only under DEV=true and not installed.
 */
const EXTERNAL = ['onnxruntime-node', 'tsx', 'tsx/*', 'react-devtools-core'];

// Modules of CommonJS packages call require(), and some read __dirname: an ES module bundle has
// neither unless each output file defines them.
const BANNER = [
  "import { createRequire as __coordCreateRequire } from 'node:module';",
  "import { fileURLToPath as __coordFileURLToPath } from 'node:url';",
  'const require = __coordCreateRequire(import.meta.url);',
  'const __filename = __coordFileURLToPath(import.meta.url);',
  "const __dirname = __coordFileURLToPath(new URL('.', import.meta.url));",
].join('\n');


/**
 * A module of coord's that finds a data file beside itself (copied there by copy-assets.js) is
 * moved into dist/bundle/ with every other: its reference is rewritten to name the same file
 * from there. Every output file of the bundle sits in that one folder, so this holds for all.
 */
const assetsStayPut = {
  name: 'coord-assets-stay-put',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.js$/ }, async ({ path: file }) => {
      if (!file.startsWith(DIST + path.sep) || file.startsWith(BUNDLE + path.sep)) return undefined;
      const text = await readFile(file, 'utf8');
      const contents = text.replace(REFERENCE, (whole, quote, relative) => {
        if (MODULE.test(relative)) return whole;
        const target = path.resolve(path.dirname(file), relative);
        return `new URL(${JSON.stringify(path.relative(BUNDLE, target).split(path.sep).join('/'))}, import.meta.url)`;
      });
      return { contents, loader: 'js', resolveDir: path.dirname(file) };
    });
  },
};

/** What both bundles share. */
const COMMON = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node22',
  plugins: [assetsStayPut],
  // Stack traces name bundle lines; tsc's source maps of dist/src stay for the library.
  sourcemap: false,
  // The dependencies' license comments stay with their code in the bundle.
  legalComments: 'eof',
  // Less text to read and hash at each start (V8's compiled code comes from Node's compile
  // cache); names are kept, so that a COORD_DEBUG stack trace still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true,
};

async function bundle() {
  await rm(BUNDLE, { recursive: true, force: true });
  const { metafile } = await build({
    ...COMMON,
    entryPoints: {
      coord: path.join(DIST, 'src/cli/main.js'),
      // The thread of a function agent imports the loader by URL (runtime/agents/function-pool.ts):
      // an entry of its own, beside the chunk that starts the thread.
      'load-module': path.join(DIST, 'runtime/agents/load-module.js'),
    },
    outdir: BUNDLE,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunk-[hash]',
    external: EXTERNAL,
    banner: { js: BANNER },
  });
  // Which sources went into which output file: the test of what a command loads reads it.
  await writeFile(META, JSON.stringify(metafile));
}

/**
 * `coord lint` alone, as one CommonJS file: V8's start-up snapshot is built from a script that
 * loads nothing but Node's own modules (install/build-snapshot.js builds the snapshot from it).
 * CommonJS has no import.meta: its URL is the file's own, as in the ES module bundle beside it.
 */
async function lintSnapshotBundle() {
  const { metafile } = await build({
    ...COMMON,
    entryPoints: [path.join(DIST, 'src/cli/lint-snapshot.js')],
    outfile: path.join(BUNDLE, 'lint-snapshot.cjs'),
    format: 'cjs',
    banner: { js: "var __coordImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__coordImportMetaUrl' },
    // The lint pool reaches for import.meta.resolve only when run from the TypeScript sources.
    logOverride: { 'empty-import-meta': 'silent' },
  });
  await writeFile(SNAPSHOT_META, JSON.stringify(metafile));
}

await bundle();
await lintSnapshotBundle();
