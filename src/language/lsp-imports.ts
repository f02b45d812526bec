import { statSync } from 'node:fs';
import { extname } from 'node:path';
import { DocumentState, type URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { importsOf, resolveImport } from './imports.js';
import { MAX_SOURCE_BYTES } from './limits.js';

/**
 * In the editor, Langium loads the files of the workspace folders; an import that points
 * outside them would stay unresolved. After each build, load such files from disk and
 * rebuild the documents that import them.
 */
export function loadImportsOnBuild(shared: LangiumSharedServices): void {
  const documents = shared.workspace.LangiumDocuments;
  const builder = shared.workspace.DocumentBuilder;
  builder.onBuildPhase(DocumentState.Validated, (built) => {
    const missing = new Map<string, URI>();
    const importers = new Map<string, URI>();
    for (const document of built) {
      for (const statement of importsOf(document)) {
        const uri = resolveImport(document.uri, statement.path);
        if (documents.hasDocument(uri) || !isImportable(uri.fsPath)) continue;
        missing.set(uri.toString(), uri);
        importers.set(document.uri.toString(), document.uri);
      }
    }
    if (missing.size === 0) return;
    // Outside the build that is finishing: load the files, then rebuild their importers.
    setImmediate(async () => {
      let loaded = 0;
      for (const uri of missing.values()) {
        try {
          await documents.getOrCreateDocument(uri);
          loaded++;
        } catch {
          // Unreadable: the import keeps its COORD010, which says so.
        }
      }
      if (loaded > 0) await builder.update([...importers.values()], []).catch(() => undefined);
    });
  });
}

/** What `coord lint` would import too (load.ts): a regular .coord file within the size limit. */
function isImportable(path: string): boolean {
  try {
    const info = statSync(path);
    return info.isFile() && extname(path) === '.coord' && info.size <= MAX_SOURCE_BYTES;
  } catch {
    return false;
  }
}
