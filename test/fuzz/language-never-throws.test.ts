import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSource } from '../../src/cli/files/read-source.js';
import { checkText, formatText, loadWorkflow } from '../../src/language/index.js';
import { KEYWORDS, SYMBOLS, VALID_WORKFLOWS, tokenize } from './corpus.js';
import { expectWellFormed } from './diagnostic-invariants.js';

const FILE = '/fuzz/input.coord';
// A fixed seed keeps CI reproducible; set FUZZ_SEED (and FUZZ_SCALE) to explore further.
const seed = Number(process.env.FUZZ_SEED ?? 20261125);
const scale = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * scale)), seed });

/** Checks and formats the text; both must return (not throw) and report well-formed findings only. */
async function survives(text: string): Promise<void> {
  const checked = await checkText(text, FILE);
  expectWellFormed(checked.diagnostics, text, FILE);
  const formatted = formatText(text, FILE);
  expectWellFormed(formatted.diagnostics, text, FILE);
}

const tokenSoup = fc
  .array(fc.oneof(fc.constantFrom(...KEYWORDS), fc.constantFrom(...SYMBOLS), fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/), fc.stringMatching(/^[0-9]{1,25}(\.[0-9]+)?(e[0-9]{1,4})?k?$/), fc.string().map((s) => JSON.stringify(s))), { maxLength: 80 })
  .map((tokens) => tokens.join(' '));

type Mutation =
  | { kind: 'delete' | 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'insert'; at: number; word: string }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), word: fc.constantFrom(...KEYWORDS, ...SYMBOLS) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** The IR without source positions and hash, which formatting is allowed to change. */
function stripLocations(value: object): object {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'loc' ? undefined : v)));
}

function mutate(source: string, mutations: Mutation[]): string {
  let tokens = tokenize(source);
  for (const m of mutations) {
    if (tokens.length === 0) break;
    const i = m.at % tokens.length;
    if (m.kind === 'delete') tokens.splice(i, 1);
    else if (m.kind === 'duplicate') tokens.splice(i, 0, tokens[i]!);
    else if (m.kind === 'insert') tokens.splice(i, 0, ` ${m.word} `);
    else if (m.kind === 'swap') {
      const j = m.with % tokens.length;
      [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
    } else tokens = tokenize(tokens.join('').slice(0, m.at % (tokens.join('').length + 1)));
  }
  return tokens.join('');
}

describe(`the language services never throw on bad input (seed ${seed})`, () => {
  it('survive random strings of any Unicode', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), survives), runs(3000));
  });

  it('survive random bytes in a file, loaded as the CLI loads it', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'coord-fuzz-')), 'bytes.coord');
    const loadsCleanly = async (bytes: Uint8Array) => {
      await writeFile(file, bytes);
      expectWellFormed((await loadWorkflow(file)).diagnostics, decodeSource(bytes), file);
      await survives(decodeSource(bytes));
    };
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), loadsCleanly), runs(2500));
  });

  it('survive soups of keywords, symbols, names, numbers and strings', async () => {
    await fc.assert(fc.asyncProperty(tokenSoup, survives), runs(3000));
  });

  it('survive valid workflows with tokens deleted, duplicated, swapped, inserted or cut off', async () => {
    const mutated = fc.tuple(fc.constantFrom(...VALID_WORKFLOWS), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([source, ms]) => mutate(source, ms));
    await fc.assert(fc.asyncProperty(mutated, survives), runs(1500));
  });

  it('format canonically: formatting a formatted file changes nothing', async () => {
    const mutated = fc.tuple(fc.constantFrom(...VALID_WORKFLOWS), fc.array(mutation, { maxLength: 2 })).map(([source, ms]) => mutate(source, ms));
    await fc.assert(
      fc.property(mutated, (text) => {
        const once = formatText(text, FILE);
        if (once.diagnostics.length > 0) return;
        expect(formatText(once.text, FILE)).toEqual({ text: once.text, diagnostics: [] });
      }),
      runs(500),
    );
  });

  it('format without changing meaning: the same findings, and the same IR, before and after', async () => {
    const mutated = fc.tuple(fc.constantFrom(...VALID_WORKFLOWS), fc.array(mutation, { maxLength: 2 })).map(([source, ms]) => mutate(source, ms));
    const meaning = async (text: string) => {
      const { diagnostics, ir } = await checkText(text, FILE);
      return { codes: diagnostics.map((d) => `${d.code} ${d.message}`).sort(), ir: ir && stripLocations({ ...ir, source: undefined }) };
    };
    await fc.assert(
      fc.asyncProperty(mutated, async (text) => {
        const formatted = formatText(text, FILE);
        if (formatted.diagnostics.length > 0) return;
        expect(await meaning(formatted.text)).toEqual(await meaning(text));
      }),
      runs(300),
    );
  });
});
