import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchCommand } from '../../src/cli/commands/bench.js';
import { BenchResults } from '../../src/bench/results.js';
import { CliError } from '../../src/cli/errors.js';
import { quietly } from './support.js';
import { builtinManifestPath, readManifest } from '../../runtime/coordinator/manifest.js';

/** Three multihop tasks under a learned policy (latent unless given) at readout budget 128, with extra flags. */
async function benchLatent(extra: string[], policy = 'latent') {
  const out = await mkdtemp(path.join(tmpdir(), 'coord-bench-threshold-'));
  const { value } = await quietly(() =>
    benchCommand.run(['--family', 'multihop', '--policy', policy, '--budgets', '128', '--count', '3', '--device', 'cpu', '--out', out, ...extra]),
  );
  expect(value).toBe(0);
  const results = BenchResults.parse(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')));
  expect(results.unavailable).toEqual([]);
  return { results, report: await readFile(path.join(out, 'report.md'), 'utf8') };
}

describe('coord bench --readout-threshold', () => {
  it('gives the learned coordinator the threshold: higher reads fewer tokens; recorded and reported', async () => {
    const shipped = await benchLatent([]);
    // A logit above the shipped model's own threshold, whatever it was trained to.
    const above = Math.round(((await readManifest(builtinManifestPath())).threshold + 1) * 100) / 100;
    const middle = await benchLatent([`--readout-threshold=${above}`]);
    const high = await benchLatent(['--readout-threshold', '2']);
    expect(above).toBeLessThan(2);
    expect(shipped.results.settings.readoutThreshold).toBeUndefined();
    expect(shipped.report).not.toContain('Readout threshold');
    expect(middle.results.settings.readoutThreshold).toBe(above);
    expect(high.results.settings.readoutThreshold).toBe(2);
    expect(high.report).toContain('Readout threshold: 2 (`--readout-threshold`)');
    const delivered = (r: typeof shipped) => r.results.rows[0]!.deliveredMean;
    expect(delivered(middle)).toBeLessThan(delivered(shipped));
    expect(delivered(high)).toBeLessThan(delivered(middle));
  });

  it('refuses a value that is not a number, and the flag without a learned policy', async () => {
    await expect(benchCommand.run(['--readout-threshold', 'high'])).rejects.toThrow(/--readout-threshold must be a number \(a relevance logit\), not 'high'/);
    await expect(benchCommand.run(['--readout-threshold=1e999'])).rejects.toThrow(CliError);
    await expect(benchCommand.run(['--readout-threshold=Infinity'])).rejects.toThrow(/must be a number/);
    // A negative value after a space reads as a flag; parseArgs refuses it, and the usage says to write '='.
    await expect(benchCommand.run(['--readout-threshold', '-1'])).rejects.toThrow(CliError);
    await expect(benchCommand.run(['--policy', 'text,bm25', '--readout-threshold=1'])).rejects.toThrow(/--readout-threshold is for the learned coordinator/);
  });
});

describe('coord bench --gate-threshold', () => {
  it('sets the hybrid gate: -inf forwards every message as text, inf none; recorded and reported', async () => {
    const always = await benchLatent(['--gate-threshold=-inf'], 'hybrid');
    const never = await benchLatent(['--gate-threshold', 'inf'], 'hybrid');
    expect(always.results.settings.gateThreshold).toBe('-Infinity');
    expect(never.results.settings.gateThreshold).toBe('Infinity');
    expect(always.report).toContain('the hybrid gate forwarded every message as text (always send)');
    expect(never.report).toContain('the hybrid gate kept every message latent (never send)');
    // Always sending delivers every message's text; never sending delivers readouts only, within their budget.
    expect(always.results.rows[0]!.deliveredMean).toBeGreaterThan(never.results.rows[0]!.deliveredMean);
  });

  it('refuses a value that is not a logit or ±inf, and the flag without the hybrid policy', async () => {
    await expect(benchCommand.run(['--gate-threshold', 'often'])).rejects.toThrow(/--gate-threshold must be a number \(a relevance logit\), inf or -inf, not 'often'/);
    await expect(benchCommand.run(['--policy', 'latent', '--gate-threshold=1'])).rejects.toThrow(/--gate-threshold is for the hybrid policy/);
  });
});
