import { DefaultTokenBuilder, RegExpUtils, type GrammarAST } from 'langium';
import type { TokenType } from 'chevrotain';

/**
 * Langium's token builder, minus a start-up cost: to find which terminals a keyword could be
 * the start of (its LONGER_ALT, so `agents` lexes as an ID, not `agent` + `s`), Langium turns a
 * terminal's pattern into a partial-match pattern anew for every keyword and terminal pair
 * (57 keywords × 6 terminals) at every start. This converts each terminal once; what it finds
 * is the same (test/language/parser-build.test.ts).
 */
export class CoordTokenBuilder extends DefaultTokenBuilder {
  private readonly partials = new Map<string, RegExp>();

  protected override findLongerAlt(keyword: GrammarAST.Keyword, terminalTokens: TokenType[]): TokenType[] {
    return terminalTokens.filter((token) => {
      const source = (token.PATTERN as RegExp | undefined)?.source;
      if (!source) return false;
      let partial = this.partials.get(source);
      if (partial === undefined) {
        partial = RegExpUtils.partialRegExp('^' + source + '$');
        this.partials.set(source, partial);
      }
      // As RegExpUtils.partialMatches: a match of at least one character.
      return (keyword.value.match(partial)?.[0].length ?? 0) > 0;
    });
  }
}
