import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as gptCl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as gptO200k from 'gpt-tokenizer/encoding/o200k_base';
import cl100kRanks from 'gpt-tokenizer/bpeRanks/cl100k_base';
import o200kRanks from 'gpt-tokenizer/bpeRanks/o200k_base';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/bench/rng.js';
import { bytePairEncoder, CL100K, O200K, type EncodingName } from '../../../runtime/tokens/tokenizer.js';

// coord's encoder against gpt-tokenizer, the reference its tables are generated from: the same
// ids, counts and text on natural prose, code, JSON, every script and random Unicode.

const root = path.resolve(import.meta.dirname, '../../..');
const read = (...parts: string[]) => readFileSync(path.join(root, ...parts), 'utf8');

/** Text as coord meets it: hand-written episodes, docs, code, a workflow, JSON. */
const natural = [
  ...readdirSync(path.join(root, 'bench/corpus/natural')).map((file) => read('bench/corpus/natural', file)),
  read('docs/runtime.md'),
  read('docs/language.md'),
  read('runtime/tokens/bpe.ts'),
  read('examples/word-stats/flow.coord'),
  read('package.json'),
];

const SPECIAL = ['<|endoftext|>', '<|fim_prefix|>', '<|im_start|>', '<|im_end|>', '<|endofprompt|>'];

/** Hand-picked cases for what tends to break a tokenizer. */
const edge = [
  '',
  'hello world',
  'Hello, World! HELLO world. héllo wörld',
  `the model said ${SPECIAL.join(' and ')} mid-sentence`,
  '<|endoftext|>',
  "I'm sure you've seen they'll we'd it's DON'T YOU'RE",
  '😀 👍🏽 👨‍👩‍👧‍👦 🇫🇷🇯🇵 ❤️‍🔥 🏳️‍🌈',
  '你好，世界。東京都の天気は晴れです。안녕하세요 세계',
  'مرحبا بالعالم، كيف حالك؟ שלום עולם! ‏RTL‎ mixed ‫embedded‬',
  'e\u0301 a\u0308 Z\u0351\u0362\u0346a\u0337\u0321l\u0338\u0330g\u0334\u0327o\u0336 \u0915\u094d\u0937',
  ' '.repeat(1000),
  `a${' '.repeat(257)}b\t\t\t\n\n\n\r\n  \n\t x`,
  '\n'.repeat(40) + ' \u00a0\u3000\u2028\u2029 end',
  '1234567890 3.14159 -42 1e-9 0x1F 1,000,000 ١٢٣٤ ４２',
  'lone high \ud800 x, lone low \udc00 y, reversed \udc00\ud800, at end \ud83d',
  '\u0000\u0001\u001f\u007f\u0080\u009f control',
  '{"key": [1, 2.5, null, true], "nested": {"a": "b\\n"}}',
  'function f(x: number): string { return `${x}`; } // comment\n\tif (a && b) {}',
  'https://example.com/path?query=1&b=2#frag user@example.org /usr/local/bin',
  'x'.repeat(5000),
  '\uFFFD replacement \uFEFF bom \uE000 private \u{10FFFF} last \u{1D11E} music',
];

/** Random strings from many blocks (lone surrogates and unassigned code points included), seeded. */
function randomTexts(count: number): string[] {
  const rng = createRng(19);
  const blocks: Array<[number, number]> = [
    [0x20, 0x7e], [0x09, 0x0d], [0xa0, 0xff], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x4ff], [0x590, 0x5ff], [0x600, 0x6ff],
    [0x900, 0x97f], [0xe00, 0xe7f], [0x2000, 0x206f], [0x3000, 0x30ff], [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xd800, 0xdfff],
    [0xe000, 0xf8ff], [0xfe00, 0xfe0f], [0x1f300, 0x1faff], [0x10000, 0x10ffff],
  ];
  return Array.from({ length: count }, () => {
    let text = '';
    const length = rng.int(1, 120);
    while (text.length < length) {
      const [low, high] = rng.chance(0.4) ? blocks[0]! : rng.pick(blocks);
      text += String.fromCodePoint(rng.int(low, high));
    }
    return text;
  });
}

/** Long runs of one character class, each one piece: merged by the O(n log n) path (over 256 bytes). */
function longPieces(): string[] {
  const rng = createRng(23);
  const run = (length: number, low: number, high: number) => Array.from({ length }, () => String.fromCodePoint(rng.int(low, high))).join('');
  return [run(1500, 0x4e00, 0x9fff), run(800, 0xac00, 0xd7a3), run(2000, 0x61, 0x7a), ` ${run(600, 0x61, 0x66)}`, run(700, 0x0e01, 0x0e3a), run(400, 0x1f600, 0x1f64f)];
}

const corpus = [...natural, ...edge, ...longPieces(), ...randomTexts(400)];

const references = {
  o200k_base: { gpt: gptO200k, ranks: o200kRanks, tokenizer: O200K },
  cl100k_base: { gpt: gptCl100k, ranks: cl100kRanks, tokenizer: CL100K },
} as const;

// Special tokens' text is ordinary text to coord (tiktoken's encode_ordinary); gpt-tokenizer's default refuses it.
const ORDINARY = { disallowedSpecial: new Set<string>() };

/** UTF-8 bytes of each code point of `text`, a lone surrogate counting as U+FFFD's three. */
const utf8Length = (char: string) => Buffer.byteLength(char.length === 1 && char.charCodeAt(0) >= 0xd800 && char.charCodeAt(0) <= 0xdfff ? '\uFFFD' : char);

/** The reference prefix: the whole characters of `text` within the bytes of its first `limit` tokens. */
function referencePrefix(text: string, ids: number[], limit: number, ranks: ReadonlyArray<string | number[]>): string {
  if (ids.length <= limit) return text;
  let budget = 0;
  for (const id of ids.slice(0, limit)) {
    const token = ranks[id]!;
    budget += typeof token === 'string' ? Buffer.byteLength(token) : token.length;
  }
  let prefix = '';
  for (const char of text) {
    budget -= utf8Length(char);
    if (budget < 0) break;
    prefix += char;
  }
  return prefix;
}

describe.each(Object.keys(references) as EncodingName[])('%s', (name) => {
  const { gpt, ranks, tokenizer } = references[name];
  const encoder = bytePairEncoder(name);

  it('encodes and counts every text of the corpus exactly as gpt-tokenizer does', () => {
    const mismatches = corpus.filter((text) => {
      const expected = gpt.encode(text, ORDINARY);
      return JSON.stringify(encoder.encode(text)) !== JSON.stringify(expected) || tokenizer.count(text) !== expected.length;
    });
    expect(mismatches).toEqual([]);
  });

  it('decodes its ids back to the text (a lone surrogate as U+FFFD), as gpt-tokenizer does', () => {
    for (const text of corpus) {
      const decoded = encoder.decode(encoder.encode(text));
      expect(decoded).toBe(gpt.decode(gpt.encode(text, ORDINARY)));
      expect(decoded).toBe(text.toWellFormed());
    }
  });

  it('decodes a character cut between tokens to U+FFFD instead of dropping it', () => {
    const ids = encoder.encode('🇫🇷');
    expect(ids.length).toBeGreaterThan(1);
    expect(encoder.decode(ids.slice(0, 1))).toContain('\uFFFD');
  });

  it('truncates to the whole characters of the first tokens, a prefix of the text itself', () => {
    const rng = createRng(7);
    for (const text of corpus.filter((_, i) => i % 3 === 0)) {
      const ids = gpt.encode(text, ORDINARY);
      const limits = new Set([0, 1, 2, 3, ids.length - 1, ids.length, ids.length + 1, rng.int(0, ids.length)]);
      for (const limit of limits) {
        const prefix = tokenizer.truncate(text, limit);
        expect(prefix, `${JSON.stringify(text.slice(0, 40))} at ${limit}`).toBe(limit <= 0 ? '' : referencePrefix(text, ids, limit, ranks));
        expect(text.startsWith(prefix)).toBe(true);
      }
    }
  });

  it('refuses an id that is not one of its tokens', () => {
    expect(() => encoder.decode([ranks.length + 100])).toThrow(`not a token of ${name}`);
    expect(() => encoder.decode([-1])).toThrow(RangeError);
  });
});

describe('special tokens', () => {
  it('are counted as the ordinary text they are, never refused', () => {
    const text = 'a message that mentions <|endoftext|> and <|im_start|>';
    expect(() => gptO200k.countTokens(text)).toThrow('Disallowed special token');
    expect(O200K.count(text)).toBe(gptO200k.encode(text, ORDINARY).length);
    expect(CL100K.count(text)).toBe(gptCl100k.encode(text, ORDINARY).length);
    expect(O200K.count('<|endoftext|>')).toBeGreaterThan(1);
    expect(bytePairEncoder('o200k_base').encode('<|endoftext|>')).not.toContain(gptO200k.encode('<|endoftext|>', { allowedSpecial: 'all' })[0]);
  });
});
