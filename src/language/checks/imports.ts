import * as nodePath from 'node:path';
import { AstUtils, type LangiumDocument, type LangiumDocuments, type ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { importsOf, resolveImport } from '../imports.js';
import type { ImportFailures } from '../import-failures.js';
import { report } from '../report.js';

/** Every import resolves to a loaded file, no file imports itself through a cycle, and imported files hold no workflow. */
export class ImportChecks {
  constructor(
    private readonly documents: LangiumDocuments,
    private readonly failures: ImportFailures,
  ) {}

  checkImport(statement: ast.Import, accept: ValidationAcceptor): void {
    const document = AstUtils.getDocument(statement);
    const uri = resolveImport(document.uri, statement.path);
    const imported = this.documents.getDocument(uri);
    if (!imported) {
      const reason = this.failures.reasonFor(uri) ?? 'file not found';
      report(accept, 'COORD010', `cannot import "${statement.path}": ${reason}`, { node: statement, property: 'path' }, `the path is resolved relative to ${nodePath.basename(document.uri.path)}, giving ${uri.fsPath}`);
      return;
    }
    const cycle = this.cycleThrough(imported, document);
    if (cycle) {
      const names = [document, ...cycle].map((d) => nodePath.basename(d.uri.path));
      report(accept, 'COORD011', `import cycle: ${names.join(' → ')}`, { node: statement, property: 'path' });
      return;
    }
    const root = imported.parseResult.value;
    if (ast.isModel(root) && root.members.some(ast.isWorkflow)) {
      report(accept, 'COORD012', `"${statement.path}" declares a workflow; only its policies and agents are imported`, { node: statement, property: 'path' });
    }
  }

  /** The chain of documents from `start` back to `home` through imports, if there is one. */
  private cycleThrough(start: LangiumDocument, home: LangiumDocument): LangiumDocument[] | undefined {
    const target = home.uri.toString();
    const parent = new Map<string, LangiumDocument | undefined>([[start.uri.toString(), undefined]]);
    const queue = [start];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (next.uri.toString() === target) return pathTo(next, parent);
      for (const statement of importsOf(next)) {
        const uri = resolveImport(next.uri, statement.path).toString();
        if (parent.has(uri)) continue;
        const document = this.documents.getDocument(resolveImport(next.uri, statement.path));
        if (!document) continue;
        parent.set(uri, next);
        queue.push(document);
      }
    }
    return undefined;
  }
}

function pathTo(end: LangiumDocument, parent: Map<string, LangiumDocument | undefined>): LangiumDocument[] {
  const chain: LangiumDocument[] = [];
  for (let node: LangiumDocument | undefined = end; node; node = parent.get(node.uri.toString())) chain.unshift(node);
  return chain;
}
