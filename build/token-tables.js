#!/usr/bin/env node
// After tsc, before copy-assets: writes the token tables runtime/tokens/tokenizer.ts reads
// (runtime/tokens/<encoding>.bpe, the format of runtime/tokens/bpe-table.ts) from gpt-tokenizer's
// ranks and pre-tokenizer patterns. gpt-tokenizer ships them as JavaScript array literals, which
// take a tenth of a second and more to compile and index at every start; these load without
// parsing. Generated, not committed (several MB); copy-assets.js then puts them beside the
// compiled module, where the bundle finds them too.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTable } from '../dist/runtime/tokens/bpe-table.js';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const OUT = path.join(ROOT, 'runtime', 'tokens');
const ENCODINGS = [
  ['o200k_base', 'O200K_TOKEN_SPLIT_REGEX'],
  ['cl100k_base', 'CL100K_TOKEN_SPLIT_REGEX'],
];

/** gpt-tokenizer, a devDependency: absent where the package was installed without them. */
async function source() {
  try {
    const version = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('gpt-tokenizer/package.json'), 'utf8')).version;
    return { version, patterns: await import('gpt-tokenizer/encodingParams/constants') };
  } catch {
    return undefined;
  }
}

async function main() {
  const gpt = await source();
  const files = ENCODINGS.map(([name]) => path.join(OUT, `${name}.bpe`));
  if (!gpt) {
    // A build without devDependencies (npm install --omit=dev, then a build) keeps the tables it has.
    if (files.every((file) => existsSync(file))) return;
    throw new Error("build/token-tables.js: gpt-tokenizer (a devDependency) is not installed and the token tables are missing: run 'npm install' in coord's folder");
  }
  const encoder = new TextEncoder();
  for (const [[name, pattern], file] of ENCODINGS.map((encoding, i) => [encoding, files[i]])) {
    const { default: ranks } = await import(`gpt-tokenizer/bpeRanks/${name}`);
    const regex = gpt.patterns[pattern];
    // A rank is its token's text where that is UTF-8, else its bytes; a hole is an unused rank.
    const bytes = Array.from(ranks, (token) => (token === undefined ? new Uint8Array(0) : typeof token === 'string' ? encoder.encode(token) : Uint8Array.from(token)));
    const table = writeTable({ encoding: name, source: `gpt-tokenizer ${gpt.version}`, pattern: regex.source, flags: regex.flags }, bytes);
    if (existsSync(file) && Buffer.from(table).equals(readFileSync(file))) continue;
    // Written whole, then renamed: a process reading the table never sees half a file.
    writeFileSync(`${file}.tmp`, table);
    renameSync(`${file}.tmp`, file);
  }
}

await main();
