/**
 * Rewrites every results table in docs/BENCHMARKS.md from its results file (src/bench/benchmark-blocks.ts).
 * Run after a benchmark: npx tsx bench/render-benchmarks.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { blocksOf, renderBlocks } from '../src/bench/benchmark-blocks.js';

const root = path.resolve(import.meta.dirname, '..');
const file = path.join(root, 'docs', 'BENCHMARKS.md');
const before = await readFile(file, 'utf8');
await writeFile(file, await renderBlocks(root, before));
process.stdout.write(`docs/BENCHMARKS.md: ${blocksOf(before).length} tables rendered from their results files\n`);
