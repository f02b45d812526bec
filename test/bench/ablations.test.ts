import { describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AblationResults } from '../../src/bench/ablation-report.js';
import { ablationVariants, parseAblation, parseVariantList, variantMismatch } from '../../src/bench/ablations.js';
import { benchCommand } from '../../src/cli/commands/bench.js';
import { CliError } from '../../src/cli/errors.js';
import { quietly } from './support.js';

const SHIPPED = path.resolve('models/coordinator.json');

describe('coordbench ablations', () => {
  it('parse knob=values specs under the names people use', () => {
    expect(parseAblation('rank=2,32')).toEqual({ knob: 'rank', values: [2, 32] });
    expect(parseAblation('latent=32')).toEqual({ knob: 'hidden', values: [32] });
    expect(parseAblation('active-modules=1,8')).toEqual({ knob: 'active', values: [1, 8] });
    expect(() => parseAblation('rank')).toThrow(/knob=values/);
    expect(() => parseAblation('depth=2')).toThrow(/unknown ablation 'depth'/);
    expect(() => parseAblation('rank=2,x')).toThrow(/'x' is not a positive integer/);
  });

  it('name the baseline first, then one variant per value at <dir>/<knob>-<value>', () => {
    const variants = ablationVariants(['rank=2,32', 'active=1'], '/m');
    expect(variants.map((v) => [v.label, v.manifest, v.expect])).toEqual([
      ['baseline', '/m/baseline/coordinator.json', {}],
      ['rank-2', '/m/rank-2/coordinator.json', { rank: 2 }],
      ['rank-32', '/m/rank-32/coordinator.json', { rank: 32 }],
      ['active-1', '/m/active-1/coordinator.json', { active: 1 }],
    ]);
    expect(ablationVariants(['rank=2'], '/m', false).map((v) => v.label)).toEqual(['rank-2']);
  });

  it('parse labelled model lists and refuse repeated or malformed labels', () => {
    expect(parseVariantList('a=models,b=x/coordinator.json')).toEqual([
      { label: 'a', manifest: path.join('models', 'coordinator.json'), expect: {} },
      { label: 'b', manifest: 'x/coordinator.json', expect: {} },
    ]);
    expect(() => parseVariantList('a=m,a=n')).toThrow(/'a' is used twice/);
    expect(() => parseVariantList('models')).toThrow(/label=model/);
    expect(() => parseVariantList('a b=models')).toThrow(/letters, digits/);
  });

  it('detect a variant whose manifest was trained with other settings', () => {
    const facts = { config: { modules: 8, active: 3, hidden: 64, rank: 8 }, stateSize: 512 };
    expect(variantMismatch({ label: 'rank-8', manifest: 'm.json', expect: { rank: 8 } }, facts)).toBeUndefined();
    expect(variantMismatch({ label: 'rank-2', manifest: 'm.json', expect: { rank: 2 } }, facts)).toBe('m.json has rank 8 but variant rank-2 needs rank 2');
  });

  it('run the learned policies once per variant and label rows and runs by variant', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'coord-ablation-'));
    const args = ['--variants', `first=${SHIPPED},second=${path.dirname(SHIPPED)}`, '--family', 'multihop', '--count', '2', '--budgets', '32', '--message-rate', '2', '--out', out];
    const { value, stdout } = await quietly(() => benchCommand.run(args));
    expect(value).toBe(0);
    const results = AblationResults.parse(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')));
    expect(results.variants.map((v) => [v.label, v.config.rank, v.rows.length])).toEqual([
      ['first', 8, 2],
      ['second', 8, 2],
    ]);
    expect(results.variants[0]!.rows.map((r) => r.policy).sort()).toEqual(['hybrid', 'latent']);
    // The same model twice: the same outcomes, so the labels are the only difference.
    const outcome = (label: string) =>
      results.variants
        .find((v) => v.label === label)!
        .rows.map((r) => `${r.policy}:${r.successes}`)
        .sort();
    expect(outcome('first')).toEqual(outcome('second'));
    const runs = (await readFile(path.join(out, 'runs.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { variant: string });
    expect(runs.map((r) => r.variant)).toEqual(['first', 'first', 'first', 'first', 'second', 'second', 'second', 'second']);
    expect(results.settings.messageRate).toBe(2);
    expect(stdout).toContain('| first | 8 | 3 | 64 | 8 |');
    expect(stdout).toContain('Message rate: every channel has `split 2 sentences` (`--message-rate 2`)');
    const { stdout: again } = await quietly(() => benchCommand.run(['report', out]));
    expect(again).toBe(await readFile(path.join(out, 'report.md'), 'utf8'));
  });

  it('refuse a variant that is missing or was trained with other settings, naming the training command', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'coord-variants-'));
    await mkdir(path.join(dir, 'rank-2'));
    await copyFile(SHIPPED, path.join(dir, 'rank-2', 'coordinator.json'));
    const wrong = benchCommand.run(['--rank', '2', '--ablation-dir', dir, '--count', '1']);
    await expect(wrong).rejects.toThrow(/variant rank-2: .* has rank 8 but variant rank-2 needs rank 2/);
    await expect(benchCommand.run(['--rank', '2', '--ablation-dir', dir, '--count', '1'])).rejects.toMatchObject({ hint: expect.stringMatching(/training\/train.py .* --rank 2 --out/) });
    await expect(benchCommand.run(['--ablation', 'active=1', '--ablation-dir', dir, '--count', '1'])).rejects.toThrow(/variant baseline: cannot read/);
  });

  it('refuse ablations with policies that do not use the learned coordinator, or with a conflicting model flag', async () => {
    await expect(benchCommand.run(['--ablation', 'rank=2', '--policy', 'text,latent'])).rejects.toThrow(/--policy text does not use it/);
    await expect(benchCommand.run(['--ablation', 'rank=2', '--coordinator-model', SHIPPED])).rejects.toThrow(CliError);
    await expect(benchCommand.run(['--ablation', 'rank=2', '--variants', `a=${SHIPPED}`])).rejects.toThrow(/cannot be combined/);
    await expect(benchCommand.run(['--ablation', 'depth=2'])).rejects.toThrow(/unknown ablation 'depth'/);
  });
});
