import { AstUtils, CstUtils, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import { AstNodeHoverProvider, type LangiumServices } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver-protocol';
import * as ast from './generated/ast.js';
import { budgetScope, effectiveChannelParts } from './settings.js';

/** Hover shows a declaration's summary: what an agent, policy, channel or flow node is set to. */
export class CoordHoverProvider extends AstNodeHoverProvider {
  constructor(services: LangiumServices) {
    super(services);
  }

  override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
    const declared = await super.getHoverContent(document, params);
    if (declared) return declared;
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position));
    const channel = leaf && AstUtils.getContainerOfType(leaf.astNode, ast.isChannel);
    return channel ? { contents: { kind: 'markdown', value: channelSummary(channel) } } : undefined;
  }

  protected override getAstNodeHoverContent(node: AstNode): MaybePromise<string | undefined> {
    if (ast.isAgent(node)) return summary('agent', node.name, node.settings);
    if (ast.isPolicy(node)) return summary('policy', node.name, node.settings);
    if (ast.isParallelNode(node) || ast.isMapNode(node) || ast.isHumanNode(node)) {
      return `**${node.$type.replace('Node', '').toLowerCase()}** \`${node.name}\`\n\n\`\`\`coord\n${oneLine(node)}\n\`\`\``;
    }
    return undefined;
  }
}

function summary(kind: string, name: string, settings: AstNode[]): string {
  const lines = settings.map((setting) => `- \`${oneLine(setting)}\``);
  return [`**${kind}** \`${name}\``, '', ...lines].join('\n');
}

function channelSummary(channel: ast.Channel): string {
  const parts = effectiveChannelParts(channel);
  const lines = [
    `- mode \`${parts.mode?.value ?? 'text'}\``,
    `- compress \`${parts.compress ? oneLine(parts.compress).replace(/^compress\s+/, '') : 'none'}\``,
    `- on overflow \`${parts.overflow?.value ?? 'fail'}\``,
    ...parts.budgets.map((b) => `- budget \`${b.amount} ${b.unit}${budgetScope(b) === 'unscoped' ? '' : b.total ? ' total' : ` per ${b.per}`}\``),
    ...(parts.readout ? [`- readout \`${parts.readout.amount} ${parts.readout.unit}\``] : []),
    ...(parts.split ? [`- split \`${parts.split.amount} ${parts.split.unit}\``] : []),
    ...(channel.policy ? [`- uses policy \`${channel.policy.$refText}\``] : []),
  ];
  return [`**channel** \`${channel.from.$refText} -> ${channel.to.$refText}\``, '', ...lines].join('\n');
}

function oneLine(node: AstNode): string {
  return (node.$cstNode?.text ?? '').replace(/\s+/g, ' ').trim();
}
