import * as nodePath from 'node:path';
import { URI, UriUtils, type LangiumDocument, type LangiumDocuments } from 'langium';
import { isModel, type Import } from './generated/ast.js';

/** The URI an `import "..."` points at: relative to the importing file, or absolute. */
export function resolveImport(from: URI, importPath: string): URI {
  if (nodePath.isAbsolute(importPath)) return URI.file(importPath);
  return UriUtils.resolvePath(UriUtils.dirname(from), importPath);
}

export function importsOf(document: LangiumDocument): Import[] {
  const root = document.parseResult?.value;
  return isModel(root) ? root.imports : [];
}

/**
 * Every document reachable through imports from `document` (itself excluded), in
 * breadth-first order. Cycles are tolerated here; a check reports them.
 */
export function reachableImports(document: LangiumDocument, documents: LangiumDocuments): URI[] {
  const self = document.uri.toString();
  const seen = new Set<string>([self]);
  const order: URI[] = [];
  const queue: LangiumDocument[] = [document];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const statement of importsOf(next)) {
      const uri = resolveImport(next.uri, statement.path);
      const key = uri.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      order.push(uri);
      const imported = documents.getDocument(uri);
      if (imported) queue.push(imported);
    }
  }
  return order;
}
