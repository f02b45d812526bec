import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { checkText, formatText } from '../../src/language/index.js';

const file = nodePath.resolve(import.meta.dirname, '../fixtures/valid/checks.coord');

/** A workflow of two agents and a coordinator; `body` declares the policies and channels. */
function source(body: string): string {
  return `workflow w {\n  coordinator { device cpu }\n  agent a { model "openai:x" }\n  agent b { model "openai:x" }\n${body}\n  flow { start a  a -> b  b -> done }\n}\n`;
}

const brief = (d: Diagnostic) => `${d.code} ${d.range.start.line}:${d.range.start.column} ${d.message}${d.hint ? ` (${d.hint})` : ''}`;

describe('split: sentences per message on a channel', () => {
  it('lowers `split N sentences` on a channel of every mode, and none without it', async () => {
    for (const mode of ['text', 'latent', 'hybrid']) {
      const { diagnostics, ir } = await checkText(source(`  channel a -> b { mode ${mode}  split 2 sentences }`), file);
      expect(diagnostics).toEqual([]);
      expect(ir!.channels[0]).toMatchObject({ mode, split: { sentences: 2 } });
    }
    const { ir } = await checkText(source('  channel a -> b'), file);
    expect(ir!.channels[0]).not.toHaveProperty('split');
  });

  it('takes the singular, and inherits from a policy unless the channel says otherwise', async () => {
    const { diagnostics, ir } = await checkText(
      source('  policy chatty { split 1 sentence }\n  channel a -> b uses chatty\n  channel b -> a uses chatty { split 3 sentences }'),
      file,
    );
    expect(diagnostics).toEqual([]);
    expect(ir!.channels.map((c) => [c.id, c.split?.sentences])).toEqual([
      ['a->b', 1],
      ['b->a', 3],
    ]);
  });

  it('suggests `sentences` for a misspelt unit, and rejects a token count', async () => {
    const typo = await checkText(source('  channel a -> b { split 2 sentenses }'), file);
    expect(typo.diagnostics.map(brief)).toEqual(["COORD031 5:28 unknown unit 'sentenses': a split is counted in sentences (did you mean 'sentences'?)"]);
    const tokens = await checkText(source('  channel a -> b { split 20 tokens }'), file);
    expect(tokens.diagnostics.map(brief)).toEqual(["COORD031 5:29 unknown unit 'tokens': a split is counted in sentences (write 'split 20 sentences')"]);
  });

  it('rejects a split of zero, a negative one and a fraction', async () => {
    for (const [amount, code] of [['0', 'COORD030'], ['-1', 'COORD030'], ['2.5', 'COORD034']] as const) {
      const { diagnostics, ir } = await checkText(source(`  channel a -> b { split ${amount} sentences }`), file);
      expect(diagnostics.map((d) => d.code)).toEqual([code]);
      expect(ir).toBeUndefined();
    }
  });

  it('formats canonically, one statement per line like the other settings', () => {
    const messy = 'workflow w{agent a{model "openai:x"} agent b{model "openai:x"}\nchannel a->b{mode text   split   2 sentences budget 50 tokens per message}\nflow{start a a->b b->done}}';
    expect(formatText(messy).text).toContain('  channel a -> b {\n    mode text\n    split 2 sentences\n    budget 50 tokens per message\n  }\n');
    expect(formatText('workflow w{agent a{model "openai:x"} agent b{model "openai:x"}\nchannel a->b{split 1 sentence}\nflow{start a a->b b->done}}').text).toContain(
      '  channel a -> b { split 1 sentence }\n',
    );
  });

  it('suggests the keyword for a misspelt split', async () => {
    const { diagnostics } = await checkText(source('  channel a -> b { splti 2 sentences }'), file);
    expect(diagnostics.map((d) => [d.code, d.hint])).toEqual([['COORD002', "did you mean 'split'?"]]);
  });
});
