import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DIAGNOSTICS, type DiagnosticCode } from '../diagnostics/table.js';
import type { CoordServices } from './coord-module.js';
import { isModel, type Model } from './generated/ast.js';
import { importsOf, resolveImport } from './imports.js';
import { abbreviateLongWords, formatBytes, MAX_SOURCE_BYTES } from './limits.js';
import { decodeSource, stripBom } from './source-text.js';

/** A root file with everything it imports, parsed, linked and checked. */
export interface LoadedSources {
  /** The root document; absent when the root file itself could not be read or decoded. */
  root?: LangiumDocument<Model>;
  diagnostics: Diagnostic[];
  /** sha256 over the bytes of every file read, root first, then imports in load order. */
  sha256: string;
}

/**
 * Loads `path` (or `text` standing for it) and every file it imports, then lets Langium
 * link and validate them. Files that cannot be read or decoded are reported at the import
 * that names them. The workspace is emptied first: each call sees only its own files.
 */
export async function loadSources(services: CoordServices, path: string, text?: string): Promise<LoadedSources> {
  const file = nodePath.resolve(path);
  await resetWorkspace(services);
  const hash = createHash('sha256');
  const rootUri = URI.file(file);
  const rootText = text === undefined ? await readRoot(file, hash) : { text: stripBom(text) };
  if ('diagnostic' in rootText) return { diagnostics: [rootText.diagnostic], sha256: hash.digest('hex') };
  if (text !== undefined) hash.update(text);

  const factory = services.shared.workspace.LangiumDocumentFactory;
  const documents = services.shared.workspace.LangiumDocuments;
  const root = factory.fromString<Model>(rootText.text, rootUri);
  documents.addDocument(root);
  const loaded: LangiumDocument[] = [root];
  for (let index = 0; index < loaded.length; index++) {
    for (const statement of importsOf(loaded[index]!)) {
      const uri = resolveImport(loaded[index]!.uri, statement.path);
      if (documents.hasDocument(uri) || services.imports.Failures.reasonFor(uri) !== undefined) continue;
      const imported = await readImport(uri, hash);
      if (typeof imported !== 'string') {
        services.imports.Failures.record(uri, imported.reason);
        continue;
      }
      const document = factory.fromString(imported, uri);
      documents.addDocument(document);
      loaded.push(document);
    }
  }
  await services.shared.workspace.DocumentBuilder.build(loaded, { validation: true });

  const diagnostics = loaded.flatMap((document) => (document.diagnostics ?? []).map((d) => fromLsp(d, document.uri.fsPath)));
  const model = root.parseResult.value;
  const parsed = root.parseResult.lexerErrors.length === 0 && root.parseResult.parserErrors.length === 0;
  // A file of policies and agents is a library: valid on its own, and meant to be imported.
  if (parsed && isModel(model) && !model.members.some((m) => m.$type === 'Workflow' || m.$type === 'Policy' || m.$type === 'Agent')) {
    diagnostics.push(at(file, 'COORD013', `${nodePath.basename(file)} declares no workflow`, 1, 1));
  }
  return { root, diagnostics, sha256: hash.digest('hex') };
}

/**
 * Empties the workspace: every document loaded, what the import resolver remembered, and the
 * caches that Langium clears on a workspace update (scopes, keyed by AST node and by file). A
 * check calls it when done, so that a 25,000-line file's tree (tens of MB) is not kept alive
 * while the next file is checked or the findings are printed.
 */
export async function resetWorkspace(services: CoordServices): Promise<void> {
  const uris = services.shared.workspace.LangiumDocuments.all.map((d) => d.uri).toArray();
  await services.shared.workspace.DocumentBuilder.update([], uris);
  services.imports.Failures.clear();
}

type Hash = ReturnType<typeof createHash>;

async function readRoot(file: string, hash: Hash): Promise<{ text: string } | { diagnostic: Diagnostic }> {
  const bytes = await readSource(file);
  if ('reason' in bytes) return { diagnostic: at(file, 'COORD006', `cannot read ${file}: ${bytes.reason}`, 1, 1) };
  hash.update(bytes);
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return { diagnostic: at(file, 'COORD004', decoded.message, decoded.line, decoded.column) };
  return { text: decoded.text };
}

async function readImport(uri: URI, hash: Hash): Promise<string | { reason: string }> {
  const bytes = await readSource(uri.fsPath, { onlyCoord: true });
  if ('reason' in bytes) return bytes;
  hash.update(bytes);
  const decoded = decodeSource(bytes);
  return decoded.ok ? decoded.text : { reason: decoded.message };
}

/**
 * A workflow file's bytes: only a regular file (a device such as /dev/zero, a FIFO or a
 * directory would never end, block, or is no text), of at most MAX_SOURCE_BYTES; for an
 * import, only a `.coord` file.
 */
async function readSource(file: string, { onlyCoord = false } = {}): Promise<Uint8Array | { reason: string }> {
  let handle;
  try {
    const info = await stat(file);
    if (!info.isFile()) return { reason: `it is ${kindOf(info)}, not a file` };
    if (onlyCoord && nodePath.extname(file) !== '.coord') return { reason: 'only .coord files can be imported' };
    if (info.size > MAX_SOURCE_BYTES) return { reason: `it is ${info.size.toLocaleString('en-US')} bytes; ${tooLarge}` };
    handle = await open(file, 'r');
    // Read no more than the cap, whatever the file has grown to since.
    const buffer = Buffer.alloc(MAX_SOURCE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_SOURCE_BYTES) return { reason: `it grew while it was read; ${tooLarge}` };
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    return { reason: reason(error) };
  } finally {
    await handle?.close();
  }
}

const tooLarge = `a workflow file may be at most ${formatBytes(MAX_SOURCE_BYTES)} (${MAX_SOURCE_BYTES.toLocaleString('en-US')} bytes)`;

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return String((error as Error)?.message ?? error);
}

function at(file: string, code: DiagnosticCode, message: string, line: number, column: number): Diagnostic {
  return {
    code,
    severity: DIAGNOSTICS[code].severity,
    message,
    hint: DIAGNOSTICS[code].hint,
    file,
    range: { start: { line, column }, end: { line, column } },
  };
}

/** Langium's LSP-shaped diagnostic (0-based) as a coord diagnostic (1-based). */
export function fromLsp(diagnostic: LspDiagnostic, file: string): Diagnostic {
  const known = typeof diagnostic.code === 'string' && diagnostic.code in DIAGNOSTICS;
  const code: DiagnosticCode = known ? (diagnostic.code as DiagnosticCode) : 'COORD009';
  const data = diagnostic.data as { hint?: string } | undefined;
  const { start, end } = diagnostic.range;
  const messageText = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
  return {
    code,
    severity: DIAGNOSTICS[code].severity,
    message: abbreviateLongWords(known ? messageText : `a check failed: ${messageText}`),
    hint: abbreviateLongWords(data?.hint ?? DIAGNOSTICS[code].hint),
    file,
    range: {
      start: { line: start.line + 1, column: start.character + 1 },
      end: { line: end.line + 1, column: end.character + 1 },
    },
  };
}
