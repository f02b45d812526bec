/**
 * Writes the coordinator's training data: coordbench episodes for every family
 * and split into training/data/. Run: node --import tsx bench/write-episodes.ts [trainCount] [evalCount]
 * (the same as `coord bench episodes --family all --split <split> --count <n> --out <file>` per split).
 */
import { writeEpisodeFile } from '../src/bench/episode-writer.js';
import { FAMILY_NAMES } from '../src/bench/task.js';
import type { Split } from '../src/bench/splits.js';

const trainCount = Number(process.argv[2] ?? 3000);
const evalCount = Number(process.argv[3] ?? 300);
const plan: [Split, number][] = [
  ['train', trainCount],
  ['validation', evalCount],
  ['test', evalCount],
];
for (const [split, count] of plan) {
  const out = `training/data/episodes-${split}.jsonl`;
  const { episodes, bytes } = await writeEpisodeFile({ families: FAMILY_NAMES, split, count, start: 0, out });
  process.stdout.write(`${out}: ${episodes} episodes, ${(bytes / 1e6).toFixed(1)} MB\n`);
}
