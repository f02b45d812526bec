import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { DIAGNOSTICS, type DiagnosticDefinition } from '../../diagnostics/table.js';
import type { LintReport } from '../lint/lint-report.js';
import { packageRoot, packageVersion } from '../package-info.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
const SRCROOT = '%SRCROOT%';

/**
 * A SARIF 2.1.0 log (what GitHub code scanning and most CI dashboards ingest): one run, whose
 * rules are coord's whole diagnostics table, and one result per finding. Paths inside the
 * working directory are relative to %SRCROOT%; columns count UTF-16 code units, as ours do.
 */
export function renderSarif(report: LintReport, cwd = process.cwd()): string {
  const table = Object.values(DIAGNOSTICS as Record<string, DiagnosticDefinition>);
  const ruleIndex = new Map(table.map((rule, index) => [rule.code, index]));
  const log: Sarif.Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'coord',
            version: packageVersion(),
            semanticVersion: packageVersion(),
            rules: table.map(rule),
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

function rule(definition: DiagnosticDefinition): Sarif.ReportingDescriptor {
  return {
    id: definition.code,
    name: definition.name,
    shortDescription: { text: definition.summary },
    help: { text: definition.hint },
    helpUri: helpUri(definition),
    defaultConfiguration: { level: LEVEL[definition.severity] },
  };
}

/**
 * SARIF wants an absolute URI: the rule's section of docs/diagnostics.md in coord's own folder.
 * The fragment is the heading's anchor as Markdown renderers make it from "## COORD001 syntax-error".
 */
export function helpUri(definition: DiagnosticDefinition): string {
  const page = pathToFileURL(path.join(packageRoot, 'docs', 'diagnostics.md')).href;
  return `${page}#${definition.code.toLowerCase()}-${definition.name}`;
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
