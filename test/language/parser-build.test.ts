import { createDefaultCoreModule, createDefaultSharedCoreModule, DefaultTokenBuilder, EmptyFileSystem, inject, type LangiumCoreServices } from 'langium';
import type { TokenType } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { CoordModule } from '../../src/language/coord-module.js';
import { CoordGeneratedModule, CoordGeneratedSharedModule, CoordLanguageMetaData } from '../../src/language/generated/module.js';
import { CoordTokenBuilder } from '../../src/language/token-builder.js';

/** coord's parser services as the CLI builds them, in the mode given (the generated metadata says production). */
function services(mode: 'development' | 'production'): LangiumCoreServices {
  const shared = inject(createDefaultSharedCoreModule(EmptyFileSystem), CoordGeneratedSharedModule);
  return inject(createDefaultCoreModule({ shared }), CoordGeneratedModule, CoordModule, { LanguageMetaData: () => ({ ...CoordLanguageMetaData, mode }) });
}

function longerAlts(tokens: TokenType[]): Record<string, string[]> {
  return Object.fromEntries(tokens.map((token) => [token.name, ([] as TokenType[]).concat(token.LONGER_ALT ?? []).map((alt) => alt.name)]));
}

describe('building the parser', () => {
  // The CLI skips Chevrotain's grammar validations at every start (production mode); this keeps
  // them in CI: an ambiguous alternative or a left-recursive rule in grammar/coord.langium fails here.
  it('passes Chevrotain\'s grammar and lexer validations when they are run', () => {
    const built = services('development');
    const parser = built.parser.LangiumParser as unknown as { wrapper: { skipValidations: boolean; definitionErrors: unknown[] } };
    expect(parser.wrapper.skipValidations).toBe(false);
    expect(parser.wrapper.definitionErrors).toEqual([]);
  });

  it('gives every keyword the same longer alternatives as Langium\'s own token builder', () => {
    const { Grammar } = services('production');
    const ours = new CoordTokenBuilder().buildTokens(Grammar) as TokenType[];
    const langiums = new DefaultTokenBuilder().buildTokens(Grammar) as TokenType[];
    expect(longerAlts(ours)).toEqual(longerAlts(langiums));
    // Keywords that are words can be the start of an ID; the check above is not vacuous.
    expect(longerAlts(ours)['agent']).toEqual(['ID']);
  });
});
