#!/usr/bin/env node
// After tsc: copies every data file that a module finds beside itself, written
// `new URL('<relative path>', import.meta.url)`, to where the compiled module in dist/ looks for it.
// tsc copies no data, and the package ships dist/: without this, such a file is found when running
// from the sources and missing from the installed package. Found by reading the sources, so a new
// reference needs no list kept up to date here.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SOURCES = ['src', 'runtime'];
/** A data file named relative to its module (the path is the second group); bundle.js rewrites the same references. */
export const REFERENCE = /new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;
/** What such a reference names that is a module, not data: left to tsc and the bundler. */
export const MODULE = /\.(?:[mc]?[jt]sx?|json)$/;

/** Every data file referenced by a source module: where it is, and where dist/ needs it. */
export function assetsOf(root = ROOT) {
  const assets = [];
  for (const file of SOURCES.flatMap((dir) => sourceFiles(path.join(root, dir)))) {
    for (const [, , relative] of readFileSync(file, 'utf8').matchAll(REFERENCE)) {
      if (MODULE.test(relative)) continue;
      const from = path.resolve(path.dirname(file), relative);
      const compiled = path.join(root, 'dist', path.relative(root, path.dirname(file)));
      assets.push({ module: path.relative(root, file), from, to: path.resolve(compiled, relative) });
    }
  }
  return assets;
}

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

// A file that is absent is skipped rather than failing `npm install` (which builds): the package
// test (test/package/) fails on any reference that dist/ cannot resolve.
function main() {
  for (const { from, to } of assetsOf()) {
    if (!existsSync(from) || !statSync(from).isFile()) continue;
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
