import * as nodePath from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { checkText, formatText } from '../../src/language/index.js';

const file = nodePath.resolve(import.meta.dirname, '../fixtures/valid/generated.coord');

function workflowWithGuard(guard: string): string {
  return `workflow w {\n  agent a { model "openai:x" }\n  flow {\n    start a\n    a -> done when ${guard}\n  }\n}\n`;
}

describe('hostile input gives diagnostics, never a crash', () => {
  it('10,000 nested parentheses in a guard: COORD005 at the first level too deep', async () => {
    const guard = '('.repeat(10_000) + 'a.text' + ')'.repeat(10_000);
    const { diagnostics, ir } = await checkText(workflowWithGuard(guard), file);
    expect(ir).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'COORD005', range: { start: { line: 5, column: 20 + 100 } } });
  });

  it('10,000 nested `not`s: COORD005', async () => {
    const { diagnostics } = await checkText(workflowWithGuard('not '.repeat(10_000) + 'a.text'), file);
    expect(diagnostics.map((d) => d.code)).toEqual(['COORD005']);
  });

  it('nesting within the limit still parses and lowers', async () => {
    const guard = '('.repeat(60) + 'a.text' + ')'.repeat(60);
    const { diagnostics, ir } = await checkText(workflowWithGuard(guard), file);
    expect(diagnostics).toEqual([]);
    expect(ir?.flow.guards.g1).toEqual({ kind: 'truthy', ref: { node: 'a', path: ['text'] } });
  });

  it('after a too-deep file the next file parses normally', async () => {
    await checkText(workflowWithGuard('('.repeat(5000)), file);
    const { diagnostics } = await checkText(workflowWithGuard('a.text'), file);
    expect(diagnostics).toEqual([]);
  });

  it('garbage bytes and control characters are lexer errors (COORD003)', async () => {
    const { diagnostics } = await checkText('workflow w {\u0000\u0001 agent a { model "openai:x" } \u0007 }', file);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.code === 'COORD003')).toBe(true);
  });

  it('a 100,000-line workflow parses and checks', async () => {
    const agents = Array.from({ length: 25_000 }, (_, i) => `  agent a${i} {\n    model "openai:gpt-4o-mini"\n    budget 10 tokens per turn\n  }`);
    const flow = ['  flow {', '    start a0', '    a0 -> done', '  }'];
    const text = ['workflow big {', ...agents, ...flow, '}'].join('\n');
    expect(text.split('\n').length).toBeGreaterThanOrEqual(100_000);
    const { diagnostics, ir } = await checkText(text, file);
    expect(diagnostics).toEqual([]);
    expect(ir?.agents).toHaveLength(25_000);
  });

  it('huge numbers are reported (COORD033), not lowered', async () => {
    const text = 'workflow w { budget 1e400 tokens agent a { model "openai:x" } flow { start a a -> done max 99999999999999999999 } }';
    const { diagnostics } = await checkText(text, file);
    expect(diagnostics.map((d) => d.code)).toEqual(['COORD033', 'COORD033']);
  });

  it('random text and random mutations of a valid file give well-formed diagnostics and never throw', async () => {
    const valid = workflowWithGuard('a.text == "x" and not (a.text != "y")');
    const mutation = fc.tuple(fc.nat(valid.length), fc.nat(8), fc.string({ maxLength: 6 })).map(
      ([at, cut, insert]) => valid.slice(0, at) + insert + valid.slice(at + cut),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), mutation), async (text) => {
        const { diagnostics } = await checkText(text, file);
        for (const d of diagnostics) Diagnostic.parse(d);
        formatText(text);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
