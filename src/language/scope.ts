import { AstUtils, DefaultScopeProvider, WorkspaceCache, type LangiumCoreServices, type LangiumDocuments, type ReferenceInfo, type Scope } from 'langium';
import { reachableImports } from './imports.js';

/**
 * Names from other files are visible only through `import`: the global scope of a
 * document holds the declarations of the files it imports (transitively), not the
 * whole workspace.
 */
export class CoordScopeProvider extends DefaultScopeProvider {
  private readonly documents: LangiumDocuments;
  private readonly visibleUris: WorkspaceCache<string, Set<string>>;

  constructor(services: LangiumCoreServices) {
    super(services);
    this.documents = services.shared.workspace.LangiumDocuments;
    this.visibleUris = new WorkspaceCache(services.shared);
  }

  protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
    const document = AstUtils.getDocument(context.container);
    const uris = this.visibleUris.get(document.uri.toString(), () =>
      new Set(reachableImports(document, this.documents).map((uri) => uri.toString())),
    );
    return this.createScope(this.indexManager.allElements(referenceType, uris));
  }
}
