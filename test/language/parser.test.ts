import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AstUtils, createParser, CstUtils, GrammarAST, isAstNode, isCompositeCstNode, isReference, LangiumParser, type CstNode, type ParseResult, type ReferenceInfo } from 'langium';
import { describe, expect, it } from 'vitest';
import { allNodes, allReferences } from '../../src/language/ast-walk.js';
import { coordServices } from '../../src/language/index.js';
import { findExcessiveNesting } from '../../src/language/parser.js';

describe('measuring nesting before parsing', () => {
  it('counts parentheses and runs of `not`, and says where the limit is passed', () => {
    expect(findExcessiveNesting('((a))', 2)).toBeUndefined();
    expect(findExcessiveNesting('(((a)))', 2)).toBe(2);
    expect(findExcessiveNesting('not not not a', 2)).toBe(8);
    expect(findExcessiveNesting('( not not a', 2)).toBe(6);
  });

  it('a word that only starts with `not` is no `not`, and a closing parenthesis ends a run', () => {
    expect(findExcessiveNesting('not nothing not notable a', 1)).toBeUndefined();
    expect(findExcessiveNesting('not ) not a', 1)).toBeUndefined();
  });

  it('skips strings (escaped quotes included), line comments and block comments', () => {
    expect(findExcessiveNesting('"((( \\" (((" a', 1)).toBeUndefined();
    expect(findExcessiveNesting('// (((\n(a)', 1)).toBeUndefined();
    expect(findExcessiveNesting('/* ((( */ (a)', 1)).toBeUndefined();
    expect(findExcessiveNesting('/* ((( */ ((a))', 1)).toBe(11);
    expect(findExcessiveNesting('// no end of line (((', 1)).toBeUndefined();
    expect(findExcessiveNesting('/* no end ((( ', 1)).toBeUndefined();
  });

  it('a string left open ends at its line', () => {
    expect(findExcessiveNesting('"open ((\n((a))', 1)).toBe(10);
  });
});

describe("the parser's tree", () => {
  const services = coordServices();
  // Langium's own parser over the same grammar and lexer: what coord's must match, node for node.
  const plain = createParser(services.Grammar, new LangiumParser(services), services.parser.Lexer.definition);
  plain.finalize();
  // Less the two inputs the guard stops Langium's parser on (nesting too deep, too many syntax errors): tested above.
  const files = [...collect('examples'), ...collect('workflows'), ...collect('test/fixtures')].filter((file) => !/COORD00[58]-/.test(file));

  // Each file, and each cut off after three fifths of its text, which recovery completes as best it can.
  const texts = files.flatMap((file): Array<[string, string]> => {
    const text = readFileSync(file, 'utf8');
    return [[file, text], [`${file}, cut short`, text.slice(0, Math.floor((text.length * 3) / 5))]];
  });

  it.each(texts)('links containers and sets defaults as Langium does: %s', (_, text) => {
    const parsedByUs = services.parser.LangiumParser.parse(text);
    const parsedByLangium = plain.parse(text);
    const ours = parsedByUs.value;
    const theirs = parsedByLangium.value;
    expect(shape(ours)).toEqual(shape(theirs));
    // Rules that are a plain choice parse from one list of alternatives (choice-rules.ts): the same
    // syntax errors and the same concrete tree, each node made by the same grammar element.
    expect(errors(parsedByUs)).toEqual(errors(parsedByLangium));
    expect(cst(ours.$cstNode!)).toEqual(cst(theirs.$cstNode!));
    // The walk that linking uses, remembered by the parse, is Langium's order of the same nodes.
    expect(allNodes(ours).map(shape)).toEqual(AstUtils.streamAst(theirs).toArray().map(shape));
    for (const node of allNodes(ours)) for (const child of AstUtils.streamContents(node)) expect(child.$container).toBe(node);
    // And the references it remembered for linking are Langium's, node by node, in the order its linker resolves them.
    const reference = (info: ReferenceInfo) => [shape(info.container), info.property, info.index, info.reference.$refText];
    const langiums = AstUtils.streamAst(theirs).toArray().flatMap((node) => AstUtils.streamReferences(node).toArray());
    expect(allReferences(ours).map(reference)).toEqual(langiums.map(reference));
    for (const info of allReferences(ours)) expect((info.container as unknown as Record<string, unknown>)[info.property]).toSatisfy((held: unknown) => (info.index === undefined ? held : (held as unknown[])[info.index]) === info.reference);
  });

  it('covers texts that do not parse, whose trees recovery left incomplete', () => {
    expect(texts.filter(([, text]) => services.parser.LangiumParser.parse(text).parserErrors.length > 0).length).toBeGreaterThan(files.length / 2);
  });
});

/** The workflow files under `dir` (files only: `coord run` keeps its runs in a folder named `.coord`). */
function collect(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.coord'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** The syntax errors as plain data. */
function errors(result: ParseResult): unknown {
  return [...result.lexerErrors.map((error) => [error.offset, error.message]), ...result.parserErrors.map((error) => [error.name, error.message, error.token.startOffset])];
}

/** Every node of the concrete tree as plain data: where it is, what made it, whether it is hidden. */
function cst(root: CstNode): unknown[] {
  return CstUtils.streamCst(root)
    .map((node) => [node.offset, node.length, node.hidden, isCompositeCstNode(node) ? node.content.length : node.text, grammarElement(node.grammarSource)])
    .toArray();
}

function grammarElement(element: GrammarAST.AbstractElement | undefined): unknown {
  if (!element) return undefined;
  if (GrammarAST.isKeyword(element)) return ['keyword', element.value];
  if (GrammarAST.isRuleCall(element)) return ['call', element.rule.$refText, AstUtils.getContainerOfType(element, GrammarAST.isParserRule)?.name];
  return [element.$type, AstUtils.getContainerOfType(element, GrammarAST.isParserRule)?.name, element.$containerProperty, element.$containerIndex];
}

/** A node as plain data: its type, where it sits in its container, its values and children; references by their text. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (isReference(value)) return { $refText: value.$refText };
  if (!isAstNode(value)) return value;
  const out: Record<string, unknown> = { $type: value.$type, $containerProperty: value.$containerProperty, $containerIndex: value.$containerIndex };
  for (const [key, child] of Object.entries(value)) if (!key.startsWith('$')) out[key] = shape(child);
  return out;
}
