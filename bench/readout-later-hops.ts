/**
 * A multi-hop readout's later hops: how often each contender ranks a chain's next link first
 * when the query is the link before it (src/bench/readout-eval/later-hops.ts), on the natural
 * corpus's splits and the synthetic families. Nothing is chosen here, so test splits may be
 * measured: it says where multihop readouts lose, not which setting to use.
 * Writes bench/results/later-hops/results.json.
 *
 *   nice npx tsx bench/readout-later-hops.ts [--splits test,longform,…] [--count 100] [--model DIR/coordinator.json]
 *
 * `--model` measures a candidate model (a manifest's path) in place of the shipped one.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCoordinator } from '../runtime/coordinator/index.js';
import { DEFAULT_READOUT_HOPS } from '../runtime/coordinator/coordinator.js';
import { manifestPathFor } from '../runtime/coordinator/manifest.js';
import { O200K } from '../runtime/tokens/tokenizer.js';
import { episodeOf } from '../src/bench/episodes.js';
import { NaturalSplit } from '../src/bench/natural/corpus.js';
import { episodesOf, loadNaturalCorpus } from '../src/bench/natural/load.js';
import { naturalCase, syntheticCases, type ReadoutCase } from '../src/bench/readout-eval/cases.js';
import { contenders } from '../src/bench/readout-eval/contenders.js';
import { laterHopPaired, laterHopQueries, laterHopRows, LaterHopResults, laterHopsTable, type LaterHopQuery } from '../src/bench/readout-eval/later-hops.js';
import { Split, seedFor } from '../src/bench/splits.js';
import { FAMILY_NAMES, generateTask } from '../src/bench/task.js';

const { values } = parseArgs({
  options: {
    splits: { type: 'string', default: 'validation,synthetic-validation,test,longform,documents,records,agents,engineering,spoken,synthetic-test' },
    count: { type: 'string', default: '100' },
    out: { type: 'string', default: 'bench/results/later-hops' },
    model: { type: 'string' },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) throw new Error(`--count is a whole number of synthetic tasks per family, not ${values.count}`);
const countTokens = (text: string) => O200K.count(text);
const natural = await loadNaturalCorpus(path.resolve('bench/corpus/natural'));

/** `synthetic-<split>`: the programmatic families' episodes (plain senders); anything else a natural split. */
function casesOf(split: string): ReadoutCase[] {
  if (split.startsWith('synthetic-')) {
    const seeds = Split.parse(split.slice('synthetic-'.length));
    return FAMILY_NAMES.flatMap((family) => Array.from({ length: count }, (_, i) => syntheticCases(episodeOf(generateTask(family, seedFor(seeds, i), seeds, 'plain')))).flat());
  }
  return episodesOf(natural, NaturalSplit.parse(split)).map(naturalCase);
}

const model = values.model === undefined ? 'builtin' : path.resolve(values.model);
const all = contenders(['learned', 'bm25', 'embedding'], DEFAULT_READOUT_HOPS, (runId, settings) => createCoordinator({ config: { model, device: 'cpu' }, runId }, settings));
const startedAt = new Date().toISOString();
const rows: LaterHopResults['rows'] = [];
const paired: LaterHopResults['paired'] = [];
for (const split of values.splits!.split(',')) {
  const cases = casesOf(split);
  const byContender = new Map<string, LaterHopQuery[]>();
  for (const contender of all) {
    const queries: LaterHopQuery[] = [];
    for (const c of cases) queries.push(...(await laterHopQueries(c, contender, countTokens)));
    byContender.set(contender.name, queries);
    rows.push(...laterHopRows(split, contender.name, queries));
  }
  for (const baseline of ['bm25', 'embedding']) paired.push(...laterHopPaired(split, 'learned', baseline, byContender.get('learned')!, byContender.get(baseline)!));
  process.stderr.write(`${split}: ${byContender.get('learned')!.length} later-hop queries\n`);
}
const manifest = manifestPathFor(model);
const results = LaterHopResults.parse({
  command: `npx tsx bench/readout-later-hops.ts --splits ${values.splits} --count ${count}${values.model === undefined ? '' : ` --model ${values.model}`}`,
  model: createHash('sha256').update(await readFile(manifest)).digest('hex'),
  startedAt,
  rows,
  paired,
});
await mkdir(values.out!, { recursive: true });
await writeFile(path.join(values.out!, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${laterHopsTable(results)}\n`);
