import { AstUtils, GrammarAST, type Grammar } from 'langium';

/** The word-like keywords of the grammar (not punctuation), for "did you mean" hints. */
export function grammarKeywords(grammar: Grammar): string[] {
  const words = new Set<string>();
  for (const node of AstUtils.streamAllContents(grammar)) {
    if (GrammarAST.isKeyword(node) && /^[a-z]+$/.test(node.value)) words.add(node.value);
  }
  return [...words].sort();
}
