import { DefaultScopeComputation, MultiMap, type AstNode, type AstNodeDescription, type LangiumDocument, type LocalSymbols } from 'langium';
import * as ast from './generated/ast.js';

/**
 * Local symbols are collected from the only places where coord declares names (file and
 * workflow members, flow nodes) instead of from every node of the tree, which Langium's
 * default does and which dominated the time to check a large workflow.
 */
export class CoordScopeComputation extends DefaultScopeComputation {
  override async collectLocalSymbols(document: LangiumDocument): Promise<LocalSymbols> {
    const symbols = new MultiMap<AstNode, AstNodeDescription>();
    const root = document.parseResult.value;
    if (!ast.isModel(root)) return symbols;
    for (const member of root.members) {
      this.addLocalSymbol(member, document, symbols);
      if (!ast.isWorkflow(member)) continue;
      for (const inner of member.members) {
        if (ast.isFlow(inner)) for (const item of inner.items) this.addLocalSymbol(item, document, symbols);
        else this.addLocalSymbol(inner, document, symbols);
      }
    }
    return symbols;
  }
}
