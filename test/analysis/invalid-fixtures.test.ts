import { readdirSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../../src/analysis/index.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { DIAGNOSTICS } from '../../src/diagnostics/table.js';
import { loadWorkflow } from '../../src/language/index.js';

/** Codes of flow analysis (COORD100–199, COORD202 onwards); COORD201 belongs to the language. */
const isAnalysisCode = (code: string): boolean => code >= 'COORD100' && code !== 'COORD201';

/**
 * Codes that only an IR written by another tool can trigger: in a .coord file the language
 * reports the same mistake first (an undefined name, COORD021), so no fixture can show them.
 */
const IR_ONLY = ['COORD106', 'COORD111', 'COORD112', 'COORD114', 'COORD202', 'COORD212'];

const dir = nodePath.resolve(import.meta.dirname, '../fixtures/invalid');
const fixtures = readdirSync(dir).filter((file) => file.endsWith('.coord') && isAnalysisCode(file.slice(0, 8)));

function expectations(file: string): string[] {
  const head = readFileSync(file, 'utf8').split('\n').slice(0, 3);
  return head.flatMap((line) => {
    const match = /^\/\/ expect (COORD\d{3} \d+:\d+-\d+:\d+)$/.exec(line.trim());
    return match ? [match[1]!] : [];
  });
}

const found = (d: Diagnostic): string =>
  `${d.code} ${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column}`;

describe('invalid fixtures for flow analysis: loadWorkflow then analyzeWorkflow reports exactly the code, at its range', () => {
  it.each(fixtures)('%s', async (name) => {
    const file = nodePath.join(dir, name);
    const expected = expectations(file);
    expect(expected.length).toBeGreaterThan(0);
    const loaded = await loadWorkflow(file);
    expect(loaded.diagnostics.filter((d) => !isAnalysisCode(d.code))).toEqual([]);
    // Once loadWorkflow runs the analysis itself (and drops the IR on an error), its findings are the answer.
    const integrated = loaded.diagnostics.some((d) => isAnalysisCode(d.code));
    if (!integrated) expect(loaded.ir, 'the fixture lowers to IR').toBeDefined();
    const diagnostics = integrated ? loaded.diagnostics : analyzeWorkflow(loaded.ir!).diagnostics;
    const all = new Set(diagnostics.filter((d) => d.file === file).map(found));
    for (const expectation of expected) expect([...all]).toContain(expectation);
    expect(new Set([...all].map((entry) => entry.slice(0, 8)))).toEqual(new Set(expected.map((entry) => entry.slice(0, 8))));
  });
});

describe('codes owned by flow analysis', () => {
  it('each has an invalid fixture, except those only another tool\'s IR can trigger', () => {
    const owned = Object.keys(DIAGNOSTICS).filter(isAnalysisCode);
    expect(owned.filter((code) => !fixtures.some((file) => file.startsWith(code)))).toEqual(IR_ONLY);
  });
});

describe('docs/diagnostics.md for flow analysis codes', () => {
  const docs = readFileSync(nodePath.resolve(import.meta.dirname, '../../docs/diagnostics.md'), 'utf8');

  it('has a section per code, headed by its code and name', () => {
    for (const [code, definition] of Object.entries(DIAGNOSTICS).filter(([code]) => isAnalysisCode(code))) {
      expect(docs).toContain(`## ${code} ${definition.name}\n\n*${definition.severity}* — ${definition.summary}\n`);
    }
  });

  it('quotes each fixture exactly as it is on disk', () => {
    for (const name of fixtures) {
      const text = readFileSync(nodePath.join(dir, name), 'utf8');
      expect(docs, name).toContain(`Fails (\`test/fixtures/invalid/${name}\`; reported at ${expectations(nodePath.join(dir, name))[0]!.slice(9)}):\n\n\`\`\`coord\n${text}\`\`\``);
    }
  });
});
