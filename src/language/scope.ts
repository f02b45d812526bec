import {
  AstUtils,
  DefaultScopeProvider,
  MapScope,
  WorkspaceCache,
  type AstNode,
  type LangiumCoreServices,
  type LangiumDocuments,
  type ReferenceInfo,
  type Scope,
} from 'langium';
import { reachableImports } from './imports.js';

/**
 * Scopes for coord's references. Two differences from Langium's default:
 * - names from other files are visible only through `import` (transitively), not from the
 *   whole workspace;
 * - scopes are hash maps cached per container and reference type, so resolving a name costs
 *   the same in a workflow of ten agents or of ten thousand (the default scans a list).
 */
export class CoordScopeProvider extends DefaultScopeProvider {
  private readonly documents: LangiumDocuments;
  /** Keyed by document URI and reference type. */
  private readonly importedScopes: WorkspaceCache<string, Scope>;
  private readonly localScopes: WorkspaceCache<AstNode, Map<string, Scope>>;

  constructor(services: LangiumCoreServices) {
    super(services);
    this.documents = services.shared.workspace.LangiumDocuments;
    this.importedScopes = new WorkspaceCache(services.shared);
    this.localScopes = new WorkspaceCache(services.shared);
  }

  override getScope(context: ReferenceInfo): Scope {
    const referenceType = this.reflection.getReferenceType(context);
    return this.scopeOf(context.container, referenceType, context);
  }

  /** The scope seen from inside `node`: its own local symbols, then its containers', then imports. */
  private scopeOf(node: AstNode | undefined, referenceType: string, context: ReferenceInfo): Scope {
    if (!node) return this.getGlobalScope(referenceType, context);
    const localSymbols = AstUtils.getDocument(node).localSymbols;
    if (!localSymbols?.has(node)) return this.scopeOf(node.$container, referenceType, context);
    const byType = this.localScopes.get(node, () => new Map<string, Scope>());
    let scope = byType.get(referenceType);
    if (!scope) {
      const own = localSymbols.getStream(node).filter((d) => this.reflection.isSubtype(d.type, referenceType));
      scope = new MapScope(own, this.scopeOf(node.$container, referenceType, context));
      byType.set(referenceType, scope);
    }
    return scope;
  }

  protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
    const document = AstUtils.getDocument(context.container);
    return this.importedScopes.get(`${document.uri.toString()}\n${referenceType}`, () => {
      const uris = new Set(reachableImports(document, this.documents).map((uri) => uri.toString()));
      return new MapScope(this.indexManager.allElements(referenceType, uris));
    });
  }
}
