import fc from 'fast-check';
import { ValueConverter } from 'langium';
import { describe, expect, it } from 'vitest';
import { unquote } from '../../src/language/value-converter.js';
import { checkText } from '../../src/language/index.js';

describe('reading a quoted string', () => {
  it('gives what Langium reads, for any text between the quotes, escapes included', () => {
    const unit = fc.constantFrom('a', 'b', 'n', 't', '0', 'x', ' ', '"', '\\', '\n', 'é', '😀');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (body) => {
        const input = `"${body}"`;
        expect(unquote(input)).toBe(ValueConverter.convertString(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('turns escapes into the characters they stand for', () => {
    expect(unquote(String.raw`"a\tb\nc\"d\\e\qf"`)).toBe('a\tb\nc"d\\eqf');
    expect(unquote('"plain"')).toBe('plain');
    expect(unquote('""')).toBe('');
  });

  it('a role with escapes reaches the IR as its value', async () => {
    const text = String.raw`workflow w {
  agent a { model "openai:x"  role "say \"hi\"\tthen stop" }
  flow { start a  a -> done }
}
`;
    const { diagnostics, ir } = await checkText(text, 'escapes.coord');
    expect(diagnostics).toEqual([]);
    expect(ir!.agents[0]!.role).toBe('say "hi"\tthen stop');
  });
});
