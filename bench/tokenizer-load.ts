/**
 * coord's token tables against gpt-tokenizer, the package they are generated from
 * (build/token-tables.js), for o200k_base and cl100k_base, on the natural corpus
 * (bench/corpus/natural) and docs/*.md:
 *
 * - cold: a fresh Node process per run, with Node's compile cache on (as bin/coord.js has it):
 *   the time from nothing of the encoding loaded to its first count done (for coord, reading
 *   the table, with runtime/tokens/tokenizer.ts's modules and zod loaded before, as in a run;
 *   for gpt-tokenizer, requiring its encoding module, as coord did before), then the time of
 *   its first count of the whole corpus, before the JIT has warmed (what a short run sees).
 *   The two engines alternate run by run, after one warm-up each, so that load on the machine
 *   falls on both alike; medians.
 * - warm: in one process, the corpus counted once per round by each engine, alternating which
 *   goes first, after a first round that checks both give the same count; medians.
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
const rounds = Math.max(1, Number(values.rounds));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const COMPILED = path.join(ROOT, 'dist/runtime/tokens/tokenizer.js');
if (!existsSync(COMPILED)) throw new Error('dist/ is missing: run `npm run build` first');
const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
type Encoding = (typeof ENCODINGS)[number];

const files = [
  ...readdirSync(path.join(ROOT, 'bench/corpus/natural')).map((file) => path.join(ROOT, 'bench/corpus/natural', file)),
  ...readdirSync(path.join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => path.join(ROOT, 'docs', file)),
];
const corpus = files.map((file) => readFileSync(file, 'utf8'));
const chars = corpus.reduce((sum, text) => sum + text.length, 0);

const cache = mkdtempSync(path.join(os.tmpdir(), 'coord-bench-tokenizer-'));
/**
 * Each child reads the corpus, then prints the milliseconds from before loading the encoding to
 * after its first count, and those of its first count of the whole corpus.
 */
const child = (load: string, count: string) => `
  import module from 'node:module'; import { readFileSync } from 'node:fs';
  module.enableCompileCache(${JSON.stringify(cache)});
  const corpus = ${JSON.stringify(files)}.map((file) => readFileSync(file, 'utf8'));
  ${load}
  const start = performance.now(); const count = ${count}; count('hello world'); const loaded = performance.now();
  for (const text of corpus) count(text);
  console.log(JSON.stringify({ loadMs: loaded - start, firstRoundMs: performance.now() - loaded }));`;
const children = {
  coord: (name: Encoding) =>
    child(`await import('zod'); const { bytePairEncoder } = await import(${JSON.stringify(pathToFileURL(COMPILED).href)});`, `((encoder) => (text) => encoder.count(text))(bytePairEncoder('${name}'))`),
  gptTokenizer: (name: Encoding) =>
    child(
      `const require = module.createRequire(${JSON.stringify(pathToFileURL(path.join(ROOT, 'package.json')).href)});`,
      `((encoding) => (text) => encoding.countTokens(text, { disallowedSpecial: new Set() }))(require('gpt-tokenizer/encoding/${name}'))`,
    ),
};

interface Cold {
  loadMs: number;
  firstRoundMs: number;
}

function cold(engine: keyof typeof children, name: Encoding): Cold {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', children[engine](name)], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${engine} ${name} exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Cold;
}

/** Fresh processes, the two engines alternating, after one warm-up each (which fills the compile cache). */
function timeCold(name: Encoding): { load: TokenizerCase['load']; firstRound: { coordMs: number; gptTokenizerMs: number } } {
  cold('coord', name);
  cold('gptTokenizer', name);
  const coord: Cold[] = [];
  const gpt: Cold[] = [];
  for (let i = 0; i < runs; i++) {
    coord.push(cold('coord', name));
    gpt.push(cold('gptTokenizer', name));
  }
  return {
    load: { coordMs: median(coord.map((c) => c.loadMs)), gptTokenizerMs: median(gpt.map((c) => c.loadMs)), runs },
    firstRound: { coordMs: median(coord.map((c) => c.firstRoundMs)), gptTokenizerMs: median(gpt.map((c) => c.firstRoundMs)) },
  };
}

async function timeWarm(name: Encoding): Promise<{ count: Omit<TokenizerCase['count'], 'firstRoundCoordMs' | 'firstRoundGptTokenizerMs'>; tokens: number }> {
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
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['coord', 'gptTokenizer'] as const) : (['gptTokenizer', 'coord'] as const);
    for (const engine of order) samples[engine].push(once(engine).ms);
  }
  return {
    tokens: first.coord.tokens,
    count: {
      coordMs: median(samples.coord),
      gptTokenizerMs: median(samples.gptTokenizer),
      rounds,
    },
  };
}

const cases: TokenizerCase[] = [];
for (const encoding of ENCODINGS) {
  const { load, firstRound } = timeCold(encoding);
  const { count, tokens } = await timeWarm(encoding);
  cases.push({ encoding, load, count: { ...count, firstRoundCoordMs: firstRound.coordMs, firstRoundGptTokenizerMs: firstRound.gptTokenizerMs }, tokens });
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
