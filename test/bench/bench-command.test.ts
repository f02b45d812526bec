import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchCommand } from '../../src/cli/commands/bench.js';
import { BenchResults } from '../../src/bench/results.js';
import { Episode } from '../../src/bench/episode.js';
import { CliError } from '../../src/cli/errors.js';
import { quietly } from './support.js';

describe('coord bench', () => {
  it('writes results.json, runs.jsonl, report.md and a plot per family', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'coord-bench-'));
    const { value } = await quietly(() => benchCommand.run(['--family', 'multihop', '--policy', 'text,silent', '--count', '2', '--out', out]));
    expect(value).toBe(0);
    const results = BenchResults.parse(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')));
    expect(results.rows.map((r) => [r.policy, r.success])).toEqual([
      ['text', 1],
      ['silent', 0],
    ]);
    expect(results.settings).toMatchObject({ split: 'test', count: 2, start: 0 });
    expect((await readFile(path.join(out, 'runs.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(4);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain('## multihop');
    expect(await readFile(path.join(out, 'plot-multihop.svg'), 'utf8')).toMatch(/^<svg/);
    const { stdout } = await quietly(() => benchCommand.run(['report', out]));
    expect(stdout).toBe(await readFile(path.join(out, 'report.md'), 'utf8'));
  });

  it('writes episodes with `episodes` and prints an instance with `instance`', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'coord-episodes-')), 'e.jsonl');
    await quietly(() => benchCommand.run(['episodes', '--family', 'relay', '--split', 'validation', '--count', '3', '--out', out]));
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines.map((l) => Episode.parse(JSON.parse(l)).family)).toEqual(['relay', 'relay', 'relay']);
    const { stdout } = await quietly(() => benchCommand.run(['instance', '--family', 'consensus', '--index', '2']));
    expect(JSON.parse(stdout)).toMatchObject({ family: 'consensus', split: 'test', seed: 2_000_000_002 });
  });

  it('refuses unknown families and policies with a hint', async () => {
    await expect(benchCommand.run(['--family', 'multi'])).rejects.toThrow(CliError);
    await expect(benchCommand.run(['--policy', 'txt'])).rejects.toThrow(/unknown policy 'txt'/);
  });
});
