/**
 * Checks coordbench's natural corpus (bench/corpus/natural): the schema of every domain file,
 * evidence inside one sentence, labels, and the split by domain. Exit 0 when sound, 1 with
 * every problem listed. Run: npx tsx bench/check-corpus.ts [--files a.json,b.json]
 * (--files checks only those files and skips the whole-corpus checks: for writing a domain).
 */
import { parseArgs } from 'node:util';
import { checkCorpus, readCorpusFiles } from '../src/bench/natural/load.js';
import { NaturalDomain } from '../src/bench/natural/corpus.js';

const DIR = new URL('./corpus/natural/', import.meta.url).pathname;
const { values } = parseArgs({ options: { files: { type: 'string' } } });
const only = values.files?.split(',').map((f) => f.trim());
const { files, splits } = await readCorpusFiles(DIR);
const chosen = only ? files.filter((f) => only.includes(f.file)) : files;
if (only && chosen.length !== only.length) {
  process.stderr.write(`no such file in ${DIR}: ${only.filter((f) => !files.some((x) => x.file === f)).join(', ')}\n`);
  process.exit(1);
}
const problems = checkCorpus(chosen, splits, { complete: !only });
const episodes = chosen.flatMap((f) => (NaturalDomain.safeParse(f.data).data?.episodes ?? []));
const byFamily = Object.entries(Object.groupBy(episodes, (e) => e.family)).map(([f, es]) => `${f} ${es?.length ?? 0}`);
process.stdout.write(`${chosen.length} domain file(s), ${episodes.length} episodes (${byFamily.join(', ')})\n`);
for (const p of problems) process.stdout.write(`${p}\n`);
process.exit(problems.length === 0 ? 0 : 1);
