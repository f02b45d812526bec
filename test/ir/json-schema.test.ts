import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { irJsonSchema } from '../../src/ir/json-schema.js';
import { WorkflowIR } from '../../src/ir/schema.js';
import { quickPoll, researchBrief } from '../support/ir-samples.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/ir');

function irFixtures(): Array<{ name: string; ir: unknown }> {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.ir.json'))
    .map((file) => ({ name: file, ir: JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) }));
}

describe('the IR JSON Schema', () => {
  const validate = new Ajv2020({ allErrors: true }).compile(irJsonSchema());

  it('is itself valid JSON Schema 2020-12 with the IR version in its id', () => {
    expect(irJsonSchema()).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: expect.stringContaining('ir-v1') });
  });

  it('accepts every IR fixture file, as zod does', () => {
    const fixtures = irFixtures();
    expect(fixtures.length).toBeGreaterThan(0);
    for (const { name, ir } of fixtures) {
      expect(WorkflowIR.safeParse(ir).success, name).toBe(true);
      expect(validate(ir), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('accepts the sample workflows with every kind of node', () => {
    for (const ir of [researchBrief(), quickPoll()]) expect(validate(ir), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects what zod rejects: wrong version, bad names, unknown node kinds, malformed guards', () => {
    const broken: Array<(ir: Record<string, any>) => void> = [
      (ir) => (ir.irVersion = 2),
      (ir) => (ir.name = 'has space'),
      (ir) => (ir.flow.nodes[0].kind = 'loop'),
      (ir) => (ir.flow.guards['planner#0'] = { kind: 'and', args: [] }),
      (ir) => (ir.flow.guards['planner#0'] = { kind: 'compare', left: { node: 'planner', path: [] }, op: '=~', right: 1 }),
      (ir) => delete ir.agents[0].budget,
      (ir) => (ir.budget.total = 0),
    ];
    for (const mutate of broken) {
      const ir = researchBrief() as unknown as Record<string, any>;
      mutate(ir);
      expect(WorkflowIR.safeParse(ir).success).toBe(false);
      expect(validate(ir), mutate.toString()).toBe(false);
    }
  });
});
