/**
 * Pairs two readout-evaluation results files case by case: the learned readout of run A minus
 * that of run B, per family and budget, with paired 95% intervals. Each file comes from
 * bench/readout-eval.ts at its own commit (another model); both must have read the same test
 * cases with the same budgets.
 *
 *   npx tsx bench/readout-compare.ts A.json B.json [--labels v5,v4] [--domains pharmacy,audit]
 *
 * --domains pairs the cases of those natural domains only (where does a difference come from?).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { compareRuns } from '../src/bench/readout-eval/compare.js';
import { pairedTable } from '../src/bench/readout-eval/report.js';
import { ReadoutResults } from '../src/bench/readout-eval/results.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { labels: { type: 'string', default: 'A,B' }, domains: { type: 'string' } } });
if (positionals.length !== 2) {
  process.stderr.write('usage: npx tsx bench/readout-compare.ts A.json B.json [--labels a,b] [--domains d1,d2]\n');
  process.exit(2);
}
const [la, lb] = values.labels!.split(',');
if (!la || !lb) {
  process.stderr.write('--labels takes two names, comma-separated\n');
  process.exit(2);
}
const read = async (file: string) => ReadoutResults.parse(JSON.parse(await readFile(file, 'utf8')));
try {
  const domains = values.domains?.split(',').filter((d) => d !== '');
  const rows = compareRuns(await read(positionals[0]!), await read(positionals[1]!), { a: la, b: lb }, { domains });
  process.stdout.write(`${pairedTable(rows, `${la} − ${lb}`)}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
