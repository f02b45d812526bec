import { readdirSync } from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../../src/analysis/index.js';
import { loadWorkflow } from '../../src/language/index.js';

const root = nodePath.resolve(import.meta.dirname, '../..');
const valid = readdirSync(nodePath.join(root, 'test/fixtures/valid'))
  .filter((file) => file.endsWith('.coord'))
  .map((file) => `test/fixtures/valid/${file}`);
const examples = ['examples/word-stats/flow.coord', 'examples/llm-brief/brief.coord'];

describe('the valid fixtures and the shipped examples', () => {
  it.each([...valid, ...examples])('%s has no flow-analysis error or warning', async (file) => {
    const { ir } = await loadWorkflow(nodePath.join(root, file));
    expect(ir).toBeDefined();
    const findings = analyzeWorkflow(ir!).diagnostics.filter((d) => d.severity !== 'info');
    expect(findings).toEqual([]);
  });
});
