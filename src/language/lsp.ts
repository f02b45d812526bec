import { startLanguageServer as startLangiumServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createCoordLspServices } from './lsp-module.js';
import { loadImportsOnBuild } from './lsp-imports.js';

/**
 * Runs the coord language server over stdio until the client disconnects: diagnostics,
 * hover, go to definition, completion, formatting and quick fixes. Files in the workspace folders are
 * indexed, and imported files outside them are loaded from disk.
 */
export function startLanguageServer(): void {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  const { shared } = createCoordLspServices({ connection, ...NodeFileSystem });
  loadImportsOnBuild(shared);
  startLangiumServer(shared);
}
