import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixture } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

// What GitHub code scanning requires of an uploaded SARIF file, beyond the SARIF 2.1.0 schema
// (sarif.test.ts checks that), from GitHub's "SARIF support for code scanning": the properties it
// marks required, the ones it shows with an alert, and its upload limits.
const https = z.string().url().startsWith('https://');
const text = (max: number) => z.object({ text: z.string().min(1).max(max) });

const Rule = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  shortDescription: text(1024),
  fullDescription: text(1024),
  help: z.object({ text: z.string().min(1), markdown: z.string().min(1) }),
  helpUri: https,
  defaultConfiguration: z.object({ level: z.enum(['none', 'note', 'warning', 'error']) }),
  properties: z.object({ tags: z.array(z.string().min(1)).max(20), precision: z.enum(['very-high', 'high', 'medium', 'low']) }),
});

const Result = z.object({
  ruleId: z.string().min(1),
  ruleIndex: z.number().int().nonnegative(),
  level: z.enum(['none', 'note', 'warning', 'error']),
  message: text(Number.MAX_SAFE_INTEGER),
  locations: z
    .array(
      z.object({
        physicalLocation: z.object({
          // Relative to the repository's root, which is where the workflow runs `coord lint`.
          artifactLocation: z.object({ uri: z.string().regex(/^(?![a-z]+:)(?!\/)/), uriBaseId: z.literal('%SRCROOT%') }),
          region: z.object({ startLine: z.number().int().min(1), startColumn: z.number().int().min(1), endLine: z.number().int().min(1), endColumn: z.number().int().min(1) }),
        }),
      }),
    )
    .min(1)
    .max(1000),
});

const CodeScanningLog = z.object({
  $schema: https,
  version: z.literal('2.1.0'),
  runs: z
    .array(
      z.object({
        tool: z.object({ driver: z.object({ name: z.string().min(1), informationUri: https, semanticVersion: z.string(), rules: z.array(Rule).max(25_000) }) }),
        results: z.array(Result).max(25_000),
      }),
    )
    .min(1)
    .max(20),
});

describe('coord lint --format sarif, as GitHub code scanning takes it', () => {
  it('meets what code scanning requires: rule descriptions, help, https links, results on relative paths', async () => {
    const files = [fixture('errors/undefined-names.coord'), fixture('warnings/self-channel.coord')];
    const { stdout } = await runCli(['lint', '--format', 'sarif', ...files]);
    const parsed = CodeScanningLog.safeParse(JSON.parse(stdout));
    expect(parsed.error?.issues ?? []).toEqual([]);
    const run = parsed.data!.runs[0]!;
    expect(new Set(run.results.map((r) => r.level))).toEqual(new Set(['error', 'warning']));
    // Every result names a rule the run declares, at the index it declares it.
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
  });

  it('would be refused without a rule\'s full description or with a file: help link, so the check above means something', async () => {
    const { stdout } = await runCli(['lint', '--format', 'sarif', fixture('errors/undefined-names.coord')]);
    const log = JSON.parse(stdout);
    const rule = log.runs[0].tool.driver.rules[0];
    delete rule.fullDescription;
    rule.helpUri = 'file:///usr/lib/node_modules/coord-lang/docs/diagnostics.md';
    const issues = CodeScanningLog.safeParse(log).error?.issues.map((issue) => issue.path.slice(-1)[0]);
    expect(issues).toEqual(expect.arrayContaining(['fullDescription', 'helpUri']));
  });
});
