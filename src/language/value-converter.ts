import { DefaultValueConverter, type CstNode, type GrammarAST, type ValueType } from 'langium';

/**
 * Strings as the grammar writes them: `"…"` with backslash escapes, and `"""…"""` spanning
 * lines, read verbatim except that the line break after the opening quotes, the indentation
 * its lines share and the blank end before the closing quotes are removed, so a long prompt
 * can be indented with the block it belongs to.
 */
export class CoordValueConverter extends DefaultValueConverter {
  protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
    if (rule.name === 'STRING' && input.startsWith('"""')) return textBlock(input.slice(3, -3));
    return super.runConverter(rule, input, cstNode);
  }
}

export function textBlock(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[0]!.trim() === '') lines.shift();
  if (lines.length > 1 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(Math.min(common, /^[ \t]*/.exec(line)![0].length))).join('\n');
}
