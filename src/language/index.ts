import * as nodePath from 'node:path';
import { EmptyFileSystem, URI } from 'langium';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DIAGNOSTICS } from '../diagnostics/table.js';
import type { WorkflowIR } from '../ir/schema.js';
import { lowerWorkflow } from './lower.js';
import { createCoordServices, type CoordServices } from './coord-module.js';
import { formatDocument } from './format/format.js';
import { isWorkflow } from './generated/ast.js';
import { loadSources, fromLsp, resetWorkspace } from './load.js';
import { stripBom } from './source-text.js';
import type { CoordDocumentValidator } from './document-validator.js';

export { createCoordServices } from './coord-module.js';

/** What checking a workflow gives: every finding, and the IR when none of them is an error. */
export interface CheckResult {
  diagnostics: Diagnostic[];
  ir?: WorkflowIR;
}

export interface FormatResult {
  /** The canonical text, or the input unchanged when it has syntax errors. */
  text: string;
  diagnostics: Diagnostic[];
}

/** Parses, resolves imports, checks and lowers the workflow in the file at `path`. Never throws on bad input. */
export function loadWorkflow(path: string): Promise<CheckResult> {
  return serialized(() => check(path));
}

/** Like `loadWorkflow`, for `text` standing in for the file at `path` (imports still come from disk). */
export function checkText(text: string, path: string): Promise<CheckResult> {
  return serialized(() => check(path, text));
}

/** Formats `text` in canonical style; refuses (text unchanged, diagnostics given) when it does not parse. */
export function formatText(text: string, path = 'untitled.coord'): FormatResult {
  const services = coordServices();
  const uri = URI.file(nodePath.resolve(path));
  const document = services.shared.workspace.LangiumDocumentFactory.fromString(stripBom(text), uri);
  const formatted = formatDocument(document);
  if (formatted !== undefined) return { text: formatted, diagnostics: [] };
  const validator = services.validation.DocumentValidator as CoordDocumentValidator;
  return { text, diagnostics: validator.syntaxDiagnostics(document).map((d) => fromLsp(d, uri.fsPath)) };
}

async function check(path: string, text?: string): Promise<CheckResult> {
  try {
    return await checkOrThrow(path, text);
  } catch (error) {
    // A bug in coord, not in the file: still an answer the caller can print, never a crash.
    const file = nodePath.resolve(path);
    const detail = error instanceof Error ? error.message : String(error);
    const point = { line: 1, column: 1 };
    return {
      diagnostics: [
        { code: 'COORD009', severity: 'error', message: `checking failed: ${detail}`, hint: DIAGNOSTICS.COORD009.hint, file, range: { start: point, end: point } },
      ],
    };
  } finally {
    // The answer holds plain data only; the documents it came from are not needed again.
    await resetWorkspace(coordServices());
  }
}

async function checkOrThrow(path: string, text?: string): Promise<CheckResult> {
  const loaded = await loadSources(coordServices(), path, text);
  const diagnostics = sortDiagnostics(loaded.diagnostics, loaded.root?.uri.fsPath);
  const workflow = loaded.root?.parseResult.value.members.find(isWorkflow);
  if (!workflow || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const ir = lowerWorkflow(workflow, { file: loaded.root!.uri.fsPath, sha256: loaded.sha256 });
  // Flow analysis (src/analysis: reachability, loop bounds, budget bound) joins here:
  // its findings are added to `diagnostics`, and `ir` is dropped when one is an error.
  return { diagnostics, ir };
}

/** Root file first, then by file, line and column. */
function sortDiagnostics(diagnostics: Diagnostic[], rootFile: string | undefined): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.file === rootFile ? '' : d.file);
  return [...diagnostics].sort(
    (a, b) =>
      rank(a).localeCompare(rank(b)) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column,
  );
}

let services: CoordServices | undefined;

/** One set of services for the process: building Langium's parser is the costly part. */
export function coordServices(): CoordServices {
  services ??= createCoordServices(EmptyFileSystem).Coord;
  return services;
}

let queue: Promise<unknown> = Promise.resolve();

/** Loads share one workspace, so they run one at a time. */
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task, task);
  queue = result.catch(() => undefined);
  return result;
}
