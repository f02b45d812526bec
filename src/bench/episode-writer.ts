import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { Episode } from './episode.js';
import { episodes } from './episodes.js';
import type { FamilyName } from './family.js';
import type { Split } from './splits.js';

export interface EpisodeFileOptions {
  families: readonly FamilyName[];
  split: Split;
  /** Episodes per family. */
  count: number;
  /** Index of the first task within the split. */
  start: number;
  out: string;
}

/** Writes episodes as JSONL, families interleaved in blocks, each line validated against the shared schema. */
export async function writeEpisodeFile(options: EpisodeFileOptions, onProgress?: (done: number, total: number) => void): Promise<{ episodes: number; bytes: number }> {
  await mkdir(dirname(options.out), { recursive: true });
  const stream = createWriteStream(options.out);
  const total = options.count * options.families.length;
  let done = 0;
  let bytes = 0;
  for (const family of options.families) {
    for (const episode of episodes(family, options.split, options.count, options.start)) {
      const line = `${JSON.stringify(Episode.parse(episode))}\n`;
      bytes += Buffer.byteLength(line);
      if (!stream.write(line)) await once(stream, 'drain');
      done++;
      if (done % 100 === 0 || done === total) onProgress?.(done, total);
    }
  }
  stream.end();
  await once(stream, 'finish');
  return { episodes: done, bytes };
}
