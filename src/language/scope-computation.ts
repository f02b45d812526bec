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
        if (ast.isFlow(inner)) for (const item of inner.items) this.addFlowSymbol(item, member, document, symbols);
        else this.addLocalSymbol(inner, document, symbols);
      }
    }
    return symbols;
  }

  /** A human step is also seen from the workflow's channels, which may carry its answer to an agent. */
  private addFlowSymbol(item: ast.FlowItem, workflow: ast.Workflow, document: LangiumDocument, symbols: MultiMap<AstNode, AstNodeDescription>): void {
    this.addLocalSymbol(item, document, symbols);
    if (ast.isHumanNode(item)) symbols.add(workflow, this.descriptions.createDescription(item, item.name, document));
  }
}
