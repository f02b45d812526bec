import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { DIAGNOSTICS, type DiagnosticDefinition } from '../../diagnostics/table.js';
import type { LintReport } from '../lint/lint-report.js';
import { docsUrl, packageHomepage, packageVersion } from '../package-info.js';
import { diagnosticDocs } from './rule-docs.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
const SRCROOT = '%SRCROOT%';

/**
 * A SARIF 2.1.0 log (what GitHub code scanning and most CI dashboards ingest): one run, whose
 * rules are coord's whole diagnostics table, and one result per finding. Paths inside the
 * working directory are relative to %SRCROOT%; columns count UTF-16 code units, as ours do.
 * Each rule carries what GitHub shows with an alert: a short and a full description, help as
 * text and Markdown (the rule's section of docs/diagnostics.md), and an https link to that section.
 */
export function renderSarif(report: LintReport, cwd = process.cwd()): string {
  const table = Object.values(DIAGNOSTICS as Record<string, DiagnosticDefinition>);
  const ruleIndex = new Map(table.map((rule, index) => [rule.code, index]));
  const docs = diagnosticDocs();
  const log: Sarif.Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'coord',
            informationUri: packageHomepage(),
            version: packageVersion(),
            semanticVersion: packageVersion(),
            rules: table.map((definition) => rule(definition, docs.get(definition.code))),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        results: report.files.flatMap((check) => check.diagnostics).map((d) => result(d, ruleIndex, cwd)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function rule(definition: DiagnosticDefinition, documentation: string | undefined): Sarif.ReportingDescriptor {
  const description = `${definition.summary} ${definition.hint}`;
  const uri = helpUri(definition);
  return {
    id: definition.code,
    name: definition.name,
    shortDescription: { text: definition.summary },
    fullDescription: { text: description },
    help: { text: `${description}\n${uri}`, markdown: `${documentation ?? description}\n\n[${definition.code} in coord's documentation](${uri})` },
    helpUri: uri,
    defaultConfiguration: { level: LEVEL[definition.severity] },
    properties: { tags: [CATEGORY[definition.code.slice(5, 6)] ?? 'coord'], precision: 'very-high' },
  };
}

/** The families of codes (src/diagnostics/table.ts), as tags that GitHub lets people filter alerts by. */
const CATEGORY: Record<string, string> = { '0': 'language', '1': 'flow-analysis', '2': 'parallel-and-human-steps' };

/**
 * The rule's section of docs/diagnostics.md for this very version, over https, so that the link
 * works wherever the report is read (GitHub's alert page, a CI dashboard). The fragment is the
 * heading's anchor as Markdown renderers make it from "## COORD001 syntax-error".
 */
export function helpUri(definition: DiagnosticDefinition): string {
  return docsUrl('diagnostics.md', `${definition.code.toLowerCase()}-${definition.name}`);
}

function result(d: Diagnostic, ruleIndex: Map<string, number>, cwd: string): Sarif.Result {
  const index = ruleIndex.get(d.code);
  const { start, end } = d.range;
  return {
    ruleId: d.code,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: LEVEL[d.severity],
    message: { text: d.hint ? `${d.message}\nHint: ${d.hint}` : d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(d.file, cwd),
          region: {
            startLine: start.line,
            startColumn: start.column,
            endLine: Math.max(end.line, start.line),
            endColumn: end.line > start.line ? end.column : Math.max(end.column, start.column),
          },
        },
      },
    ],
  };
}

function artifactLocation(file: string, cwd: string): Sarif.ArtifactLocation {
  const relative = path.relative(cwd, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(file).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}
