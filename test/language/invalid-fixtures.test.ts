import { readdirSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { DIAGNOSTICS } from '../../src/diagnostics/table.js';
import { loadWorkflow } from '../../src/language/index.js';

const dir = nodePath.resolve(import.meta.dirname, '../fixtures/invalid');
/** The front end's codes: COORD001–099 and COORD201 (flow analysis has its own fixtures here too). */
const owned = (code: string) => code < 'COORD100' || code === 'COORD201';
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.coord') && owned(f.slice(0, 8)));

/** `// expect COORD021 6:17-6:24` on the first lines of a fixture: code and 1-based range. */
function expectations(file: string): { code: string; range: string }[] {
  const head = readFileSync(file, 'latin1').split('\n').slice(0, 3);
  return head.flatMap((line) => {
    const match = /^\/\/ expect (COORD\d{3}) (\d+:\d+-\d+:\d+)$/.exec(line.trim());
    return match ? [{ code: match[1]!, range: match[2]! }] : [];
  });
}

const rangeText = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column}`;

describe('invalid fixtures: each reports its code at the expected range', () => {
  it.each(fixtures)('%s', async (name) => {
    const file = nodePath.join(dir, name);
    const expected = expectations(file);
    expect(expected.length, 'fixture declares what it expects').toBeGreaterThan(0);
    expect(name.startsWith(expected[0]!.code)).toBe(true);

    const { diagnostics, ir } = await loadWorkflow(file);
    for (const d of diagnostics) expect(() => Diagnostic.parse(d)).not.toThrow();
    const inRoot = diagnostics.filter((d) => d.file === file);
    const found = inRoot.map((d) => `${d.code} ${rangeText(d)}`);
    for (const e of expected) expect(found).toContain(`${e.code} ${e.range}`);
    // Nothing else in the file: a fixture demonstrates one rule.
    expect(new Set(inRoot.map((d) => d.code))).toEqual(new Set(expected.map((e) => e.code)));
    const severity = DIAGNOSTICS[expected[0]!.code as keyof typeof DIAGNOSTICS].severity;
    expect(ir === undefined).toBe(severity === 'error');
  });
});

describe('codes owned by the front end', () => {
  it('every code COORD001–099 and COORD201 in the table, except the two without a file, has an invalid fixture', () => {
    const withoutFixture = Object.keys(DIAGNOSTICS).filter(owned).filter((code) => !fixtures.some((f) => f.startsWith(code)));
    // COORD006: the root file cannot be read (tested in load.test.ts); COORD009: a check crashed (a bug).
    expect(withoutFixture).toEqual(['COORD006', 'COORD009']);
  });
});
