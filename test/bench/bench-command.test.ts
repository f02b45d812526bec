import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchCommand } from '../../src/cli/commands/bench.js';
import { BenchResults } from '../../src/bench/results.js';
import { Episode } from '../../src/bench/episode.js';
import { CliError } from '../../src/cli/errors.js';
import { quietly } from './support.js';
import { DEFAULT_READOUT_PER_QUERY } from '../../runtime/coordinator/coordinator.js';

/** Three tasks of one family under the text policy, with extra flags: the results and the report. */
async function benchText(family: string, extra: string[]) {
  const out = await mkdtemp(path.join(tmpdir(), 'coord-bench-text-'));
  const { value } = await quietly(() => benchCommand.run(['--family', family, '--policy', 'text', '--count', '3', '--out', out, ...extra]));
  expect(value).toBe(0);
  return { results: BenchResults.parse(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'))), report: await readFile(path.join(out, 'report.md'), 'utf8') };
}

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

  it('fills every readout but the oracle\'s with --readout-fill, so the rankers deliver the same tokens', async () => {
    const run = async (extra: string[]) => {
      const out = await mkdtemp(path.join(tmpdir(), 'coord-bench-fill-'));
      await quietly(() => benchCommand.run(['--family', 'consensus', '--policy', 'bm25,random,oracle', '--budgets', '24', '--count', '4', '--out', out, ...extra]));
      return BenchResults.parse(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')));
    };
    const plain = await run([]);
    const filled = await run(['--readout-fill']);
    expect(filled.settings.readoutFill).toBe(true);
    const at = (r: BenchResults, policy: string) => r.rows.find((x) => x.policy === policy)!.deliveredMean;
    // BM25 reads only segments sharing a term with the query; filled, it reads as much as random does.
    expect(at(filled, 'bm25')).toBeGreaterThan(at(plain, 'bm25'));
    expect(Math.abs(at(filled, 'bm25') - at(filled, 'random'))).toBeLessThan(0.15 * at(filled, 'random'));
    expect(at(filled, 'oracle')).toBe(at(plain, 'oracle'));
  });

  it('writes episodes with `episodes` and prints an instance with `instance`', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'coord-episodes-')), 'e.jsonl');
    await quietly(() => benchCommand.run(['episodes', '--family', 'relay', '--split', 'validation', '--count', '3', '--out', out]));
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines.map((l) => Episode.parse(JSON.parse(l)).family)).toEqual(['relay', 'relay', 'relay']);
    const { stdout } = await quietly(() => benchCommand.run(['instance', '--family', 'consensus', '--index', '2']));
    expect(JSON.parse(stdout)).toMatchObject({ family: 'consensus', split: 'test', seed: 2_000_000_002 });
  });

  it('splits every channel at --message-rate sentences per message, and records it', async () => {
    const whole = await benchText('relay', []);
    const split = await benchText('relay', ['--message-rate', '1']);
    expect(whole.results.settings.messageRate).toBeUndefined();
    expect(split.results.settings.messageRate).toBe(1);
    expect(split.report).toContain('`split 1 sentence`');
    // Same tasks, same text: more messages, one per sentence.
    expect(split.results.rows[0]!.messagesMean).toBeGreaterThan(whole.results.rows[0]!.messagesMean);
    await expect(benchCommand.run(['--message-rate', '0'])).rejects.toThrow(/--message-rate must be at least 1/);
    await expect(benchCommand.run(['--message-rate', '1.5'])).rejects.toThrow(/--message-rate must be a whole number/);
  });

  it('runs chatty senders with --style chatty: same tasks, more tokens, recorded and reported', async () => {
    const plain = await benchText('consensus', []);
    const chatty = await benchText('consensus', ['--style', 'chatty']);
    expect(plain.results.settings.style).toBe('plain');
    expect(chatty.results.settings.style).toBe('chatty');
    expect(chatty.report).toContain('Message style: `chatty`');
    expect(plain.report).not.toContain('Message style');
    expect(chatty.results.rows[0]!.success).toBe(1);
    expect(chatty.results.rows[0]!.exchangedMean).toBeGreaterThan(plain.results.rows[0]!.exchangedMean);
    const { stdout } = await quietly(() => benchCommand.run(['instance', '--family', 'relay', '--index', '1', '--style', 'chatty']));
    expect(JSON.parse(stdout)).toMatchObject({ family: 'relay', style: 'chatty', seed: 2_000_000_001 });
    await expect(benchCommand.run(['instance', '--style', 'verbose'])).rejects.toThrow(/style/);
  });

  it('records the per-query limit every run read with: the default, another, or none', async () => {
    const limit = async (extra: string[]) => (await benchText('relay', extra)).results.settings.readoutPerQuery;
    expect(await limit([])).toBe(DEFAULT_READOUT_PER_QUERY);
    expect(await limit(['--readout-per-query', '2'])).toBe(2);
    const none = await benchText('relay', ['--readout-per-query', 'none']);
    expect(none.results.settings.readoutPerQuery).toBeNull();
    expect(none.report).toContain('Readouts not limited per query');
    await expect(benchCommand.run(['--readout-per-query', '0'])).rejects.toThrow(/--readout-per-query must be at least 1/);
  });

  it('refuses unknown families and policies with a hint', async () => {
    await expect(benchCommand.run(['--family', 'multi'])).rejects.toThrow(CliError);
    await expect(benchCommand.run(['--policy', 'txt'])).rejects.toThrow(/unknown policy 'txt'/);
  });
});
