import { readdirSync } from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkflowIR } from '../../src/ir/schema.js';
import { loadWorkflow } from '../../src/language/index.js';

const dir = nodePath.resolve(import.meta.dirname, '../fixtures/valid');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.coord'));

describe('valid fixtures', () => {
  it('there are several, covering imports and every construct', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(3);
  });

  it.each(fixtures)('%s loads without any finding and lowers to a schema-valid IR', async (name) => {
    const { diagnostics, ir } = await loadWorkflow(nodePath.join(dir, name));
    expect(diagnostics).toEqual([]);
    expect(ir).toBeDefined();
    expect(WorkflowIR.parse(ir)).toEqual(ir);
  });
});
