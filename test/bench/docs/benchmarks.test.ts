import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocksOf, renderBlock } from '../../../src/bench/benchmark-blocks.js';

const root = path.resolve(import.meta.dirname, '../../..');

describe('docs/BENCHMARKS.md', async () => {
  const markdown = await readFile(path.join(root, 'docs', 'BENCHMARKS.md'), 'utf8');
  const blocks = blocksOf(markdown);

  it('has its coordbench tables tied to results files', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    expect(new Set(blocks.map((b) => b.file)).size).toBeGreaterThanOrEqual(3);
  });

  it.each(blocks.map((b) => [`${b.file} ${b.view}`, b] as const))('shows %s exactly as its results file renders it', async (_name, block) => {
    expect(block.text).toBe(await renderBlock(root, block.file, block.view));
  });
});

describe('renderBlocks', () => {
  it('fills empty blocks and leaves the text between blocks as it was', async () => {
    const { renderBlocks } = await import('../../../src/bench/benchmark-blocks.js');
    const doc = 'intro\n<!-- table: bench/results/readout/natural.json recall relay -->\n<!-- /table -->\nmiddle\n<!-- table: bench/results/readout/natural.json recall consensus -->\nold\n<!-- /table -->\nend\n';
    const out = await renderBlocks(root, doc);
    expect(out.startsWith('intro\n')).toBe(true);
    expect(out).toContain('\n<!-- /table -->\nmiddle\n');
    expect(out.endsWith('<!-- /table -->\nend\n')).toBe(true);
    expect(blocksOf(out).map((b) => b.view)).toEqual(['recall relay', 'recall consensus']);
    expect(out).not.toContain('\nold\n');
  });
});
