import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rankOf, readTable, TokenTableError, writeTable } from '../../../runtime/tokens/bpe-table.js';
import { BytePairEncoder } from '../../../runtime/tokens/bpe.js';

const dir = mkdtempSync(path.join(tmpdir(), 'coord-bpe-table-'));
const bytes = (text: string) => new TextEncoder().encode(text);

/** A toy encoding: the bytes a, b, c, d, space, then merges; rank 6 unused. */
const TOY = ['a', 'b', 'c', 'd', ' ', 'ab', '', 'abc', ' ab', 'cd', 'abcd'].map(bytes);
const header = { encoding: 'toy', source: 'test', pattern: ' ?[a-z]+| ', flags: 'gu' };

function saved(name: string, file: Uint8Array): URL {
  const where = path.join(dir, name);
  writeFileSync(where, file);
  return pathToFileURL(where);
}

describe('a token table file', () => {
  it('reads back every rank by its bytes, and none for bytes that are no token', () => {
    const table = readTable(saved('toy.bpe', writeTable(header, TOY)));
    expect(table).toMatchObject({ encoding: 'toy', ranks: TOY.length, slots: 32, pattern: header.pattern });
    TOY.forEach((token, rank) => {
      if (token.length > 0) expect(rankOf(table, token, 0, token.length)).toBe(rank);
    });
    expect(rankOf(table, bytes('xabcx'), 1, 4)).toBe(7);
    expect(rankOf(table, bytes('ba'), 0, 2)).toBe(-1);
    expect(rankOf(table, bytes(''), 0, 0)).toBe(-1);
  });

  it('drives the encoder: the lowest-ranked pair merges first, the leftmost of equals', () => {
    const encoder = new BytePairEncoder(readTable(saved('toy.bpe', writeTable(header, TOY))));
    // "abcd" is one token; "dabcd" merges ab (5), then abc (7), then abcd (10): d + abcd.
    expect(encoder.encode('abcd')).toEqual([10]);
    expect(encoder.encode('dabcd')).toEqual([3, 10]);
    // "cdab": ab (5) before cd (9).
    expect(encoder.encode('cdab')).toEqual([9, 5]);
    expect(encoder.encode('abab ab')).toEqual([5, 5, 8]);
    expect(encoder.decode([3, 10, 8])).toBe('dabcd ab');
    expect(encoder.prefix('dabcd ab', 1)).toBe('d');
    expect(() => encoder.decode([6])).toThrow('token 6 is not a token of toy');
  });
});

describe('a missing or damaged token table', () => {
  const good = writeTable(header, TOY);
  const failure = (url: URL) => {
    try {
      readTable(url);
    } catch (error) {
      return error as Error;
    }
    throw new Error('readTable accepted it');
  };

  it('is an error that names the file and the build that writes it', () => {
    const error = failure(pathToFileURL(path.join(dir, 'absent.bpe')));
    expect(error).toBeInstanceOf(TokenTableError);
    expect(error.message).toContain(path.join(dir, 'absent.bpe'));
    expect(error.message).toContain('ENOENT');
    expect(error.message).toContain("run 'npm run build'");
  });

  it.each([
    ['not a token table', 'empty.bpe', new Uint8Array(0)],
    ['not a token table', 'text.bpe', bytes('export default ["a", "b"];\n')],
    ['format 2, this coord reads 1', 'version.bpe', Uint8Array.from(good).fill(2, 8, 9)],
    ['its header is not readable', 'header.bpe', Uint8Array.from(good).fill(0x7b, 16, 20)],
    [`${good.length - 7} bytes where its header makes ${good.length}`, 'truncated.bpe', good.subarray(0, good.length - 7)],
  ])('is refused as damaged: %s', (why, name, file) => {
    const error = failure(saved(name, file));
    expect(error).toBeInstanceOf(TokenTableError);
    expect(error.message).toBe(`coord's token table ${path.join(dir, name)} is damaged (${why}): run 'npm run build' in coord's folder to write it again (or reinstall coord)`);
  });

  it('whose offsets do not add up is refused too', () => {
    const file = Uint8Array.from(good);
    const headerLength = new DataView(file.buffer).getUint32(12, true);
    // The last offset, which must equal the byte count.
    new DataView(file.buffer).setUint32(16 + headerLength + 4 * TOY.length, 999, true);
    expect(failure(saved('offsets.bpe', file)).message).toContain('its offsets do not end at its bytes');
  });
});

describe('the generated tables', () => {
  it('are the build\'s, for o200k_base and cl100k_base, with their pre-tokenizers', () => {
    for (const name of ['o200k_base', 'cl100k_base']) {
      const table = readTable(new URL(`../../../runtime/tokens/${name}.bpe`, import.meta.url));
      expect(table.encoding).toBe(name);
      expect(table.source).toMatch(/^gpt-tokenizer \d/);
      expect(table.ranks).toBeGreaterThan(100_000);
      expect(readFileSync(new URL(`../../../runtime/tokens/${name}.bpe`, import.meta.url)).length).toBeLessThan(8 << 20);
    }
  });
});
