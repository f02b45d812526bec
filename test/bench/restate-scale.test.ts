import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('docs/BENCHMARKS.md: runs on Restate', () => {
  it('shows the numbers bench/results/restate/results.json holds, and the command that wrote them', async () => {
    const markdown = await readFile(path.join(root, 'docs', 'BENCHMARKS.md'), 'utf8');
    const results = JSON.parse(await readFile(path.join(root, 'bench/results/restate/results.json'), 'utf8'));
    const section = markdown.slice(markdown.indexOf('## Runs on Restate'), markdown.indexOf('## Installing and starting'));
    const one = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const ms = (x: number) => x.toLocaleString('en-US');
    expect(section).toContain(`| file (one process) | 1,000 | ${one(results.file.wallMs / 1000)} | ${one(results.file.runsPerSecond)} | ${ms(results.file.stepP50Ms)} | ${ms(results.file.stepP99Ms)} |`);
    expect(section).toContain(`| ${one(results.restate.wallMs / 1000)} | ${one(results.restate.runsPerSecond)} | ${ms(results.restate.stepP50Ms)} | ${ms(results.restate.stepP99Ms)} |`);
    expect(section).toContain(`**${results.ratio.throughput.toFixed(2)}** | ${results.ratio.stepP50.toFixed(2)} | ${results.ratio.stepP99.toFixed(2)} |`);
    expect(section).toContain(`**${Math.round(results.restate.waiting.perWaitingRunKb)} kB**`);
    expect(section).toContain(results.command.replace(' --workers 2', ''));
  });
});
