import { Cancellation, DefaultLinker, type LangiumDocument } from 'langium';
import { allReferences } from './ast-walk.js';

/**
 * Langium's linker, resolving the same references in the same order. Without a cancellation
 * token (the CLI, tests) nothing can interrupt it, so it skips the default's `await` per AST
 * node, which on a large file cost more than resolving the names; an editor's build, which
 * can be cancelled, takes the default path.
 */
export class CoordLinker extends DefaultLinker {
  override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
    if (cancelToken !== Cancellation.CancellationToken.None || this.profiler?.isActive('linking')) {
      return super.link(document, cancelToken);
    }
    for (const reference of allReferences(document.parseResult.value)) this.doLink(reference, document);
  }
}
