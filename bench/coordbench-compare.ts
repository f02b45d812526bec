/**
 * Pairs two coordbench runs task by task: success and tokens delivered of run A minus run B, per
 * family, policy and budget both ran, with paired 95% intervals. Each directory is what
 * `coord bench --out` wrote; both must have run the same tasks. Writes the rows as JSON with --out.
 *
 *   npx tsx bench/coordbench-compare.ts DIR_A DIR_B [--labels a,b] [--policy latent,bm25] [--out rows.json]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PairedBenchResults, pairBenchRuns, pairedBenchTable } from '../src/bench/compare-bench.js';
import { RunRecord } from '../src/bench/metrics.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { labels: { type: 'string', default: 'A,B' }, policy: { type: 'string' }, out: { type: 'string' } },
});
if (positionals.length !== 2) {
  process.stderr.write('usage: npx tsx bench/coordbench-compare.ts DIR_A DIR_B [--labels a,b] [--policy p,q] [--out rows.json]\n');
  process.exit(2);
}
const [la, lb] = values.labels!.split(',');
if (!la || !lb) {
  process.stderr.write('--labels takes two names, comma-separated\n');
  process.exit(2);
}
const policies = values.policy?.split(',');
const read = async (dir: string) =>
  (await readFile(path.join(dir, 'runs.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => RunRecord.parse(JSON.parse(line)))
    .filter((r) => !policies || policies.includes(r.policy));
try {
  const rows = pairBenchRuns(await read(positionals[0]!), await read(positionals[1]!), { a: la, b: lb });
  if (values.out) {
    const command = `npx tsx bench/coordbench-compare.ts ${process.argv.slice(2).join(' ')}`;
    const results = PairedBenchResults.parse({ version: 1, command, labels: [la, lb], rows });
    await writeFile(values.out, `${JSON.stringify(results, null, 1)}\n`);
  }
  process.stdout.write(`${pairedBenchTable(rows, `${la} − ${lb}`)}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
