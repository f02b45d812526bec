import * as nodePath from 'node:path';
import { AstUtils, type AstNode, type LangiumDocuments, type ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { reachableImports } from '../imports.js';
import { report } from '../report.js';
import { flowParts, workflowParts } from '../settings.js';

type Named = ast.Agent | ast.Policy | ast.ParallelNode | ast.MapNode | ast.HumanNode;

/**
 * Names are unique: agents and flow nodes share one namespace (both are flow node ids),
 * policies have their own; a local declaration may not reuse an imported name either.
 */
export class NameChecks {
  constructor(private readonly documents: LangiumDocuments) {}

  checkModel(model: ast.Model, accept: ValidationAcceptor): void {
    const workflows = model.members.filter(ast.isWorkflow);
    for (const extra of workflows.slice(1)) {
      report(accept, 'COORD014', `a second workflow '${extra.name}' in one file`, { node: extra, property: 'name' }, 'keep one workflow per file');
    }
    const topLevel = model.members.filter((m): m is ast.Agent | ast.Policy => !ast.isWorkflow(m));
    this.reportDuplicates(topLevel, accept, new Map());
  }

  checkWorkflow(workflow: ast.Workflow, accept: ValidationAcceptor): void {
    const parts = workflowParts(workflow);
    const declared: Named[] = [...parts.policies, ...parts.agents];
    for (const flow of parts.flows) {
      const { parallels, maps, humans } = flowParts(flow);
      declared.push(...parallels, ...maps, ...humans);
    }
    const model = workflow.$container;
    const outside = new Map<string, string>();
    for (const member of model.members) {
      if (!ast.isWorkflow(member)) outside.set(namespaced(member), 'this file');
    }
    for (const [key, file] of this.importedNames(workflow)) if (!outside.has(key)) outside.set(key, file);
    this.reportDuplicates(declared, accept, outside);
  }

  private reportDuplicates(nodes: Named[], accept: ValidationAcceptor, outside: Map<string, string>): void {
    const seen = new Map<string, Named>();
    for (const node of nodes) {
      const key = namespaced(node);
      const earlier = seen.get(key);
      if (earlier) {
        const line = (earlier.$cstNode?.range.start.line ?? 0) + 1;
        report(accept, 'COORD020', `'${node.name}' is already declared on line ${line}`, { node, property: 'name' }, 'rename one of them');
      } else if (outside.has(key)) {
        report(accept, 'COORD020', `'${node.name}' is already declared in ${outside.get(key)}`, { node, property: 'name' }, 'rename one of them');
      }
      if (!earlier) seen.set(key, node);
    }
  }

  /** Top-level declarations of every file the workflow's file imports, keyed like `namespaced`. */
  private importedNames(workflow: ast.Workflow): Map<string, string> {
    const names = new Map<string, string>();
    const document = AstUtils.getDocument(workflow);
    for (const uri of reachableImports(document, this.documents)) {
      const root = this.documents.getDocument(uri)?.parseResult.value;
      if (!ast.isModel(root)) continue;
      for (const member of root.members) {
        if (!ast.isWorkflow(member) && !names.has(namespaced(member))) names.set(namespaced(member), nodePath.basename(uri.path));
      }
    }
    return names;
  }
}

/** Policies live in their own namespace; every other name is a flow node id. */
function namespaced(node: AstNode & { name: string }): string {
  return ast.isPolicy(node) ? `policy:${node.name}` : `node:${node.name}`;
}
