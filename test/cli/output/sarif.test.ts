import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { DIAGNOSTICS } from '../../../src/diagnostics/table.js';
import type { LintReport } from '../../../src/cli/lint/lint-report.js';
import { renderSarif } from '../../../src/cli/output/sarif.js';
import { sarifValidator } from '../support/sarif-validator.js';

const cwd = '/work/project';
const diagnostic = (over: Partial<Diagnostic>): Diagnostic => ({
  code: 'COORD001',
  severity: 'error',
  message: 'unexpected token',
  file: `${cwd}/flows/a.coord`,
  range: { start: { line: 3, column: 5 }, end: { line: 3, column: 9 } },
  ...over,
});
const report = (diagnostics: Diagnostic[]): LintReport => ({
  files: [{ file: `${cwd}/flows/a.coord`, diagnostics }],
  summary: { files: 1, errors: 0, warnings: 0, infos: 0 },
});
const codes = Object.keys(DIAGNOSTICS);
const warningCode = codes.find((c) => DIAGNOSTICS[c as keyof typeof DIAGNOSTICS].severity === 'warning')!;

describe('SARIF output', () => {
  const validate = sarifValidator();

  it('validates against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(renderSarif(report([diagnostic({}), diagnostic({ code: warningCode, severity: 'warning', hint: 'do this' })]), cwd));
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('validates with no findings, and for a file outside the working directory', () => {
    expect(validate(JSON.parse(renderSarif(report([]), cwd)))).toBe(true);
    const outside = JSON.parse(renderSarif(report([diagnostic({ file: '/elsewhere/b c.coord' })]), cwd));
    expect(validate(outside), JSON.stringify(validate.errors)).toBe(true);
    expect(outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///elsewhere/b%20c.coord' });
  });

  it('lists every rule of the diagnostics table, with its docs anchor', () => {
    const rules = JSON.parse(renderSarif(report([]), cwd)).runs[0].tool.driver.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(codes);
    const first = DIAGNOSTICS[codes[0] as keyof typeof DIAGNOSTICS];
    expect(rules[0]).toMatchObject({ id: first.code, name: first.name, shortDescription: { text: first.summary }, fullDescription: { text: `${first.summary} ${first.hint}` } });
    expect(rules[0].help.text).toContain(first.hint);
    // GitHub shows help.markdown with an alert: the rule's section of docs/diagnostics.md, its failing example included.
    expect(rules[0].help.markdown).toContain('```coord');
    expect(rules[0].helpUri).toMatch(new RegExp(`/docs/diagnostics\\.md#${first.code.toLowerCase()}-${first.name}$`));
  });

  it('points every rule\'s helpUri, over https, at this version\'s docs/diagnostics.md and a heading in it', async () => {
    const rules: { id: string; helpUri: string }[] = JSON.parse(renderSarif(report([]), cwd)).runs[0].tool.driver.rules;
    const { version } = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const rule of rules) expect(rule.helpUri.startsWith(`https://cdn.jsdelivr.net/npm/coord-lang@${version}/docs/diagnostics.md#`), rule.helpUri).toBe(true);
    const page = new URL('../../../docs/diagnostics.md', import.meta.url);
    const anchors = new Set(
      [...(await readFile(page, 'utf8')).matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-')),
    );
    const missing = rules.filter((rule) => !anchors.has(new URL(rule.helpUri).hash.slice(1))).map((rule) => rule.id);
    expect(missing).toEqual([]);
  });

  it('gives each result its rule, level, message and a 1-based region relative to the source root', () => {
    const log = JSON.parse(renderSarif(report([diagnostic({ code: warningCode, severity: 'warning' })]), cwd));
    const result = log.runs[0].results[0];
    expect(result).toMatchObject({ ruleId: warningCode, ruleIndex: codes.indexOf(warningCode), level: 'warning', message: { text: 'unexpected token' } });
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'flows/a.coord', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 9 },
    });
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///work/project/');
  });

  it('maps info to the SARIF level note', () => {
    const result = JSON.parse(renderSarif(report([diagnostic({ severity: 'info' })]), cwd)).runs[0].results[0];
    expect(result.level).toBe('note');
  });

  it('the schema rejects a log that breaks it, so the validation above means something', () => {
    const log = JSON.parse(renderSarif(report([diagnostic({})]), cwd));
    log.runs[0].results[0].level = 'fatal';
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(log)).toBe(false);
  });
});
