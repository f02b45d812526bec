import { describe, expect, it } from 'vitest';
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
