/**
 * bench/results/tokenizer/results.json (bench/tokenizer-load.ts): how long coord's token tables
 * take to load in a fresh process, and how fast it counts, against gpt-tokenizer; and the table
 * docs/BENCHMARKS.md shows from it.
 */
import { z } from 'zod';
import { timedRunFields } from './timing-machine.js';

export const TokenizerCase = z.object({
  encoding: z.string(),
  /** Medians over `loadRuns` fresh processes: from nothing of the encoding loaded to its first count done. */
  load: z.object({ coordMs: z.number().nonnegative(), gptTokenizerMs: z.number().nonnegative(), runs: z.number().int().positive() }),
  /** Counting the corpus once per round, both engines in each round, in one warmed process: medians of the rounds. */
  count: z.object({
    coordMs: z.number().positive(),
    gptTokenizerMs: z.number().positive(),
    /** The first count of the corpus in a fresh process, before the JIT has warmed (what a short run sees): medians of the load's runs. */
    firstRoundCoordMs: z.number().positive(),
    firstRoundGptTokenizerMs: z.number().positive(),
    rounds: z.number().int().positive(),
  }),
  /** The same count from both engines, checked by the bench. */
  tokens: z.number().int().nonnegative(),
});
export type TokenizerCase = z.infer<typeof TokenizerCase>;

export const TokenizerResults = z.object({
  ...timedRunFields,
  /** What was counted: files and their total size. */
  corpus: z.object({ files: z.number().int().positive(), chars: z.number().int().positive() }),
  cases: z.array(TokenizerCase),
});
export type TokenizerResults = z.infer<typeof TokenizerResults>;

const ms = (x: number) => (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US'));
const ratio = (x: number) => x.toFixed(2);
const mbps = (chars: number, milliseconds: number) => (chars / 1000 / milliseconds).toFixed(1);

export function tokenizerTable(results: TokenizerResults): string {
  const { chars } = results.corpus;
  const lines = [
    '| encoding | load, coord ms | load, gpt-tokenizer ms | coord / gpt-tokenizer | count, coord MB/s | count, gpt-tokenizer MB/s | coord / gpt-tokenizer time | first count in a fresh process, coord / gpt-tokenizer time |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of results.cases) {
    const { load, count } = c;
    lines.push(
      `| ${c.encoding} | ${ms(load.coordMs)} | ${ms(load.gptTokenizerMs)} | ${ratio(load.coordMs / load.gptTokenizerMs)} | ${mbps(chars, count.coordMs)} | ${mbps(chars, count.gptTokenizerMs)} | ${ratio(count.coordMs / count.gptTokenizerMs)} | ${ratio(count.firstRoundCoordMs / count.firstRoundGptTokenizerMs)} |`,
    );
  }
  return lines.join('\n');
}
