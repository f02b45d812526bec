/**
 * coord's token tables against gpt-tokenizer, the package they are generated from
 * (build/token-tables.js), for o200k_base and cl100k_base:
 *
 * - load: a fresh Node process per run, with Node's compile cache on (as bin/coord.js has it),
 *   timed from nothing of the encoding loaded to its first count done. For coord that is
 *   reading the table (runtime/tokens/tokenizer.ts's modules and zod are loaded before, as in
 *   a run); for gpt-tokenizer, requiring its encoding module, as coord did before. The two
 *   alternate run by run, after one warm-up each, so that load on the machine falls on both.
 * - count: the natural corpus (bench/corpus/natural) and docs/*.md counted once per round by
 *   each engine, alternating which goes first, in one process; the first round apart (a short
 *   run never warms the JIT), medians of the rest. Both must give the same count.
 *
 * Writes bench/results/tokenizer/results.json and prints the table.
 *
 *   npm run build && node --import tsx bench/tokenizer-load.ts [--runs 15] [--rounds 9]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '../src/bench/stats.js';
import { thisMachine } from '../src/bench/timing-machine.js';
import { TokenizerResults, tokenizerTable, type TokenizerCase } from '../src/bench/tokenizer-speed.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, rounds: { type: 'string', default: '9' }, out: { type: 'string', default: 'bench/results/tokenizer/results.json' } },
});
const runs = Math.max(1, Number(values.runs));
const rounds = Math.max(2, Number(values.rounds));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const COMPILED = path.join(ROOT, 'dist/runtime/tokens/tokenizer.js');
if (!existsSync(COMPILED)) throw new Error('dist/ is missing: run `npm run build` first');
const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
type Encoding = (typeof ENCODINGS)[number];

const cache = mkdtempSync(path.join(os.tmpdir(), 'coord-bench-tokenizer-'));
const prelude = `import module from 'node:module'; module.enableCompileCache(${JSON.stringify(cache)});`;
/** Each child prints the milliseconds from before loading the encoding to after its first count. */
const children = {
  coord: (name: Encoding) =>
    `${prelude} await import('zod'); const { bytePairEncoder } = await import(${JSON.stringify(pathToFileURL(COMPILED).href)});
     const start = performance.now(); bytePairEncoder('${name}').count('hello world'); console.log(performance.now() - start);`,
  gptTokenizer: (name: Encoding) =>
    `${prelude} const require = module.createRequire(${JSON.stringify(pathToFileURL(path.join(ROOT, 'package.json')).href)});
     const start = performance.now(); require('gpt-tokenizer/encoding/${name}').countTokens('hello world'); console.log(performance.now() - start);`,
};

function loadMs(engine: keyof typeof children, name: Encoding): number {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', children[engine](name)], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${engine} ${name} exited ${result.status}: ${result.stderr}`);
  return Number(result.stdout.trim());
}

function timeLoad(name: Encoding): TokenizerCase['load'] {
  loadMs('coord', name);
  loadMs('gptTokenizer', name);
  const coord: number[] = [];
  const gpt: number[] = [];
  for (let i = 0; i < runs; i++) {
    coord.push(loadMs('coord', name));
    gpt.push(loadMs('gptTokenizer', name));
  }
  return { coordMs: median(coord), gptTokenizerMs: median(gpt), runs };
}

const files = [
  ...readdirSync(path.join(ROOT, 'bench/corpus/natural')).map((file) => path.join(ROOT, 'bench/corpus/natural', file)),
  ...readdirSync(path.join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => path.join(ROOT, 'docs', file)),
];
const corpus = files.map((file) => readFileSync(file, 'utf8'));
const chars = corpus.reduce((sum, text) => sum + text.length, 0);

async function timeCount(name: Encoding): Promise<{ count: TokenizerCase['count']; tokens: number }> {
  const { bytePairEncoder } = (await import(pathToFileURL(COMPILED).href)) as typeof import('../runtime/tokens/tokenizer.js');
  const gpt = createRequire(path.join(ROOT, 'package.json'))(`gpt-tokenizer/encoding/${name}`) as typeof import('gpt-tokenizer/encoding/o200k_base');
  const engines = {
    coord: (text: string) => bytePairEncoder(name).count(text),
    // Ordinary text, as coord counts it: gpt-tokenizer's default refuses a special token's text.
    gptTokenizer: (text: string) => gpt.countTokens(text, { disallowedSpecial: new Set() }),
  };
  const once = (engine: keyof typeof engines) => {
    const start = performance.now();
    let tokens = 0;
    for (const text of corpus) tokens += engines[engine](text);
    return { ms: performance.now() - start, tokens };
  };
  const first = { coord: once('coord'), gptTokenizer: once('gptTokenizer') };
  if (first.coord.tokens !== first.gptTokenizer.tokens) throw new Error(`${name}: coord counts ${first.coord.tokens} tokens, gpt-tokenizer ${first.gptTokenizer.tokens}`);
  const samples = { coord: [] as number[], gptTokenizer: [] as number[] };
  for (let round = 1; round < rounds; round++) {
    const order = round % 2 === 0 ? (['coord', 'gptTokenizer'] as const) : (['gptTokenizer', 'coord'] as const);
    for (const engine of order) samples[engine].push(once(engine).ms);
  }
  return {
    tokens: first.coord.tokens,
    count: {
      coordMs: median(samples.coord),
      gptTokenizerMs: median(samples.gptTokenizer),
      firstRoundCoordMs: first.coord.ms,
      firstRoundGptTokenizerMs: first.gptTokenizer.ms,
      rounds: rounds - 1,
    },
  };
}

const cases: TokenizerCase[] = [];
for (const encoding of ENCODINGS) {
  const load = timeLoad(encoding);
  const { count, tokens } = await timeCount(encoding);
  cases.push({ encoding, load, count, tokens });
  process.stderr.write(`${encoding}: load ${load.coordMs.toFixed(1)} against ${load.gptTokenizerMs.toFixed(1)} ms; count ${count.coordMs.toFixed(1)} against ${count.gptTokenizerMs.toFixed(1)} ms\n`);
}
rmSync(cache, { recursive: true, force: true });

const results = TokenizerResults.parse({
  version: 1,
  command: `node --import tsx bench/tokenizer-load.ts --runs ${runs} --rounds ${rounds}`,
  measuredAt: new Date().toISOString(),
  machine: thisMachine(),
  corpus: { files: files.length, chars },
  cases,
});
mkdirSync(path.dirname(path.resolve(ROOT, values.out)), { recursive: true });
writeFileSync(path.resolve(ROOT, values.out), `${JSON.stringify(results, null, 2)}\n`);
console.log(tokenizerTable(results));
