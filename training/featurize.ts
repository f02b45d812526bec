/**
 * Episodes JSONL (src/bench/episode.ts) → feature-id JSONL for training/data.py.
 * Feature ids come from runtime/coordinator/features.ts, the one implementation
 * the runtime uses, so the model is trained on exactly what it will see.
 *
 *   node --import tsx training/featurize.ts <episodes.jsonl>... --out <features.jsonl>
 *
 * Each output line: { id, family, split, messages: [{ step, to, slots: [ids...] }],
 * queries: [{ afterStep, receiver, ids, needs: [slot...] }] }, where a slot is a segment's
 * position in the episode (segments numbered in order of arrival) and ids are
 * the feature ids with trailing padding removed.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { Episode } from '../src/bench/episode.js';
import { featureIds, queryTags, segmentTags } from '../runtime/coordinator/features.js';

function trimmed(ids: Int32Array): number[] {
  const end = ids.indexOf(0);
  return Array.from(end === -1 ? ids : ids.subarray(0, end));
}

export function featurizeEpisode(episode: Episode) {
  const slotOf = new Map<string, number>();
  const messages = episode.messages.map((message) => ({
    step: message.step,
    to: message.to,
    slots: message.segments.map((segment) => {
      slotOf.set(segment.id, slotOf.size);
      return trimmed(featureIds(segment.text, segmentTags(message.from, message.to)));
    }),
  }));
  const queries = episode.queries.map((query) => ({
    afterStep: query.afterStep,
    receiver: query.receiver,
    ids: trimmed(featureIds(query.query, queryTags(query.receiver))),
    needs: query.needs.map((id) => {
      const slot = slotOf.get(id);
      if (slot === undefined) throw new Error(`episode ${episode.id}: query needs unknown segment "${id}"`);
      return slot;
    }),
  }));
  return { id: episode.id, family: episode.family, split: episode.split, messages, queries };
}

async function main(argv: string[]): Promise<void> {
  const outAt = argv.indexOf('--out');
  const outPath = outAt >= 0 ? argv[outAt + 1] : undefined;
  const inputs = argv.filter((_, i) => i !== outAt && i !== outAt + 1);
  if (!outPath || inputs.length === 0) {
    throw new Error('usage: node --import tsx training/featurize.ts <episodes.jsonl>... --out <features.jsonl>');
  }
  const out = createWriteStream(outPath);
  let count = 0;
  for (const input of inputs) {
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(input) })) {
      line++;
      if (text.trim() === '') continue;
      const parsed = Episode.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${input}:${line}: not an episode — ${parsed.error.message}`);
      out.write(`${JSON.stringify(featurizeEpisode(parsed.data))}\n`);
      count++;
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  console.log(`featurized ${count} episodes → ${outPath}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
