import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

// docs/BENCHMARKS.md, "Installing and starting", against the results file bench/install.ts wrote.
const results = JSON.parse(await readFile(new URL('../../bench/results/install/results.json', import.meta.url), 'utf8'));
const section = (await readFile(new URL('../../docs/BENCHMARKS.md', import.meta.url), 'utf8')).split('\n## Installing and starting\n')[1]!.split('\n## ')[0]!;

const ms = (value: number) => `${value.toLocaleString('en-US')} ms`;
const mb = (value: number) => `${value.toFixed(1)} MB`;
const row = (label: string) => section.split('\n').find((line) => line.startsWith(`| ${label} |`));

describe('docs/BENCHMARKS.md, installing and starting', () => {
  it('names the command and the commit the results file records', () => {
    expect(section).toContain(`Command: \`${results.command}\``);
    expect(section).toContain(`before (${results.before.commit})`);
  });

  it('shows the results file\'s numbers, before and after', () => {
    const { before, after } = results;
    expect(row('`npm install -g <tarball>`, no environment variables')).toContain(`fails (${before.install.error.replace('Error: ', '')}) | ${after.install.seconds} s |`);
    expect(row('tarball')).toBe(`| tarball | ${mb(before.tarballMB)} | ${mb(after.tarballMB)} |`);
    expect(row('installed package')).toBe(`| installed package | ${mb(before.install.packageMB)}¹ | ${mb(after.install.packageMB)} |`);
    expect(row('of which onnxruntime-node')).toBe(`| of which onnxruntime-node | ${mb(before.install.onnxruntimeMB)}¹ | ${mb(after.install.onnxruntimeMB)} |`);
    const installed = (name: 'first' | 'warmMedian') => [before, after].map((r) => ms(r.firstOutputMs.installed[name]));
    expect(row('first output, installed, first run')).toBe(`| first output, installed, first run | ${installed('first')[0]}² | ${installed('first')[1]} |`);
    expect(row('first output, installed, median')).toBe(`| first output, installed, median | ${installed('warmMedian')[0]}² | ${installed('warmMedian')[1]} |`);
    expect(row('first output, first `npx coord run` in the repository')).toContain(
      `| ${ms(before.firstOutputMs.repository.npxFirst)} | ${ms(after.firstOutputMs.repository.npxFirst)} |`,
    );
    expect(row('first output, `node bin/coord.js run` in the repository, median')).toContain(
      `| ${ms(before.firstOutputMs.repository.warmMedian)} | ${ms(after.firstOutputMs.repository.warmMedian)} |`,
    );
  });

  it('says what the results file says about what failed', () => {
    expect(results.before.install.ok).toBe(false);
    expect(results.before.firstOutputMs.installed.ok).toBe(false);
    expect(results.after.install.ok).toBe(true);
    expect(results.after.firstOutputMs.installed.ok).toBe(true);
  });
});
