import type { LangiumDocument } from 'langium';
import { isModel } from '../generated/ast.js';
import { collectComments } from './comments.js';
import { printModel } from './print.js';

/** The canonical text of a parsed document, or undefined when it has lexer or parser errors. */
export function formatDocument(document: LangiumDocument): string | undefined {
  const { parseResult } = document;
  if (parseResult.lexerErrors.length > 0 || parseResult.parserErrors.length > 0) return undefined;
  const root = parseResult.value;
  if (!isModel(root) || !root.$cstNode) return undefined;
  return printModel(root, root.$cstNode.root.fullText, collectComments(root.$cstNode));
}
