import { DefaultValueConverter, GrammarUtils, ValueConverter, type CstNode, type GrammarAST, type ValueType } from 'langium';

type Convert = (input: string) => ValueType;

/**
 * Strings as the grammar writes them: `"…"` with backslash escapes, and `"""…"""` spanning
 * lines, read verbatim except that the line break after the opening quotes, the indentation
 * its lines share and the blank end before the closing quotes are removed, so a long prompt
 * can be indented with the block it belongs to.
 *
 * Every other rule converts as Langium's default does, with the choice made once per rule:
 * the default works out the rule's value type again for every token.
 */
export class CoordValueConverter extends DefaultValueConverter {
  private readonly converters = new Map<GrammarAST.AbstractRule, Convert>();

  protected override runConverter(rule: GrammarAST.AbstractRule, input: string, _cstNode: CstNode): ValueType {
    let convert = this.converters.get(rule);
    if (!convert) {
      convert = converterFor(rule);
      this.converters.set(rule, convert);
    }
    return convert(input);
  }
}

/** The same choice as Langium's `DefaultValueConverter.runConverter`, except for strings. */
function converterFor(rule: GrammarAST.AbstractRule): Convert {
  switch (rule.name.toUpperCase()) {
    case 'INT':
      return ValueConverter.convertInt;
    case 'STRING':
      return (input) => (input.startsWith('"""') ? textBlock(input.slice(3, -3)) : unquote(input));
    case 'ID':
      return ValueConverter.convertID;
  }
  switch (GrammarUtils.getRuleType(rule)?.toLowerCase()) {
    case 'number':
      return ValueConverter.convertNumber;
    case 'boolean':
      return ValueConverter.convertBoolean;
    case 'bigint':
      return ValueConverter.convertBigint;
    case 'date':
      return ValueConverter.convertDate;
    default:
      return (input) => input;
  }
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', 0: '\0' };

/**
 * A quoted string's value, as Langium's `ValueConverter.convertString` reads it (`\n` and the
 * like, any other escaped character as itself), built from slices between escapes: the default
 * adds one character at a time, which leaves a chain of string pieces per character.
 */
export function unquote(input: string): string {
  const end = input.length - 1;
  let escape = input.indexOf('\\', 1);
  if (escape < 0 || escape >= end) return input.slice(1, end);
  let value = '';
  let from = 1;
  while (escape >= 0 && escape < end) {
    const escaped = input.charAt(escape + 1);
    value += input.slice(from, escape) + (ESCAPES[escaped] ?? escaped);
    from = escape + 2;
    escape = input.indexOf('\\', from);
  }
  return value + input.slice(from, end);
}

export function textBlock(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[0]!.trim() === '') lines.shift();
  if (lines.length > 1 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(Math.min(common, /^[ \t]*/.exec(line)![0].length))).join('\n');
}
