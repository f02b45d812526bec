import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as nodePath from 'node:path';
import { EmptyFileSystem } from 'langium';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { describe, expect, it } from 'vitest';
import { createCoordServices } from '../../src/language/coord-module.js';
import { grammarKeywords } from '../../src/language/keywords.js';

const require = createRequire(import.meta.url);
const root = nodePath.resolve(import.meta.dirname, '../..');
const extension = nodePath.join(root, 'editors/vscode');
const manifest = JSON.parse(readFileSync(nodePath.join(extension, 'package.json'), 'utf8'));
const grammarPath = nodePath.join(extension, 'syntaxes/coord.tmLanguage.json');
const { serverCommand, bundledCoord } = require(nodePath.join(extension, 'server-command.js'));

/** The TextMate grammar, loaded the way VS Code loads it (vscode-textmate on the Oniguruma regex engine). */
async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scope: string) => (scope === 'source.coord' ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null),
  });
  const grammar = await registry.loadGrammar('source.coord');
  if (!grammar) throw new Error('source.coord did not load');
  return grammar;
}

const grammar = await loadGrammar();

/** The scopes of every character of `text`, by line and column (0-based). */
function scopesOf(text: string): string[][][] {
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    const scopes: string[][] = [];
    for (const token of result.tokens) for (let i = token.startIndex; i < Math.min(token.endIndex, line.length); i++) scopes[i] = token.scopes;
    return scopes;
  });
}

const lexer = createCoordServices(EmptyFileSystem).Coord.parser.Lexer;
const keywords = grammarKeywords(createCoordServices(EmptyFileSystem).Coord.Grammar);

/** What the real lexer says each token is, as the class of scope the highlighter must give it. */
function expectedClass(tokenType: string, previous: string | undefined, next: string | undefined): RegExp | undefined {
  if (tokenType === 'STRING') return /^string\.quoted\.double\.coord$/;
  if (tokenType === 'NUMBER') return /^constant\.numeric\.coord$/;
  if (tokenType === 'SL_COMMENT' || tokenType === 'ML_COMMENT') return /^comment\.(line|block)\b|^punctuation\.definition\.comment/;
  if (tokenType === 'ID') return /^(variable\.other|entity\.name\.type|support\.type)\b/;
  // A keyword after `.` or before `:` is a field name (`researcher.done`, `output { done: boolean }`).
  if (keywords.includes(tokenType)) {
    return previous === '.' || next === ':' ? /^variable\.other\.property\.coord$/ : /^(storage\.type|keyword\.(control|operator\.logical|other\.setting)|constant\.language\.boolean)\.coord$/;
  }
  return undefined;
}

/** Files to highlight: the examples, coord's own workflows and the valid fixtures. */
function coordFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = nodePath.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.name.endsWith('.coord')) found.push(path);
    }
  };
  for (const dir of ['examples', 'workflows', 'test/fixtures/valid']) walk(nodePath.join(root, dir));
  return found;
}

describe('the TextMate grammar', () => {
  const files = coordFiles();

  it('finds the examples to highlight', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((file) => [nodePath.relative(root, file), file]))('highlights %s as coord\'s own lexer reads it: keywords, names, numbers, strings, comments', (_name, file) => {
    const text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    const scopes = scopesOf(text);
    const lexed = lexer.tokenize(text);
    expect(lexed.errors).toEqual([]);
    const tokens = [...lexed.tokens, ...lexed.hidden].sort((a, b) => a.startOffset - b.startOffset);
    let checked = 0;
    tokens.forEach((token, index) => {
      const expected = expectedClass(token.tokenType.name, tokens[index - 1]?.image, tokens[index + 1]?.image);
      if (!expected) return;
      for (let offset = token.startOffset; offset <= token.endOffset!; offset++) {
        const before = text.slice(0, offset);
        const line = before.split('\n').length - 1;
        const column = offset - before.lastIndexOf('\n') - 1;
        if (text[offset] === '\n') continue;
        const innermost = scopes[line]?.[column]?.at(-1) ?? 'source.coord';
        expect(innermost, `${token.tokenType.name} '${token.image}' at ${line + 1}:${column + 1}`).toMatch(expected);
      }
      checked++;
    });
    expect(checked).toBeGreaterThan(5);
  });

  it('scopes every keyword of the language grammar as a keyword', () => {
    for (const keyword of keywords) {
      const innermost = scopesOf(keyword)[0]![0]!.at(-1);
      expect(innermost, keyword).toMatch(/^(storage\.type|keyword\.(control|operator\.logical|other\.setting)|constant\.language\.boolean)\.coord$/);
    }
  });

  it('marks a string left open at the end of its line', () => {
    expect(scopesOf('role "never closed')[0]![6]!.at(-1)).toBe('invalid.illegal.unterminated-string.coord');
  });
});

describe('the VS Code extension folder', () => {
  it('has a manifest VS Code accepts: language, grammar and configuration files that exist and agree', () => {
    expect(manifest).toMatchObject({ name: 'coord-vscode', publisher: expect.any(String), engines: { vscode: expect.stringMatching(/^\^1\.\d+\.\d+$/) }, main: './extension.js' });
    expect(manifest.activationEvents).toEqual(['onLanguage:coord']);
    const [language] = manifest.contributes.languages;
    expect(language).toMatchObject({ id: 'coord', extensions: ['.coord'] });
    expect(JSON.parse(readFileSync(nodePath.join(extension, language.configuration), 'utf8')).comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    const [contributed] = manifest.contributes.grammars;
    expect(contributed.language).toBe('coord');
    expect(JSON.parse(readFileSync(nodePath.join(extension, contributed.path), 'utf8')).scopeName).toBe(contributed.scopeName);
    expect(existsSync(nodePath.join(extension, manifest.main))).toBe(true);
  });

  it('depends on this version of coord-lang (the server it starts) and on the language client', () => {
    const { version } = JSON.parse(readFileSync(nodePath.join(root, 'package.json'), 'utf8'));
    expect(manifest.dependencies).toEqual({ 'coord-lang': `^${version}`, 'vscode-languageclient': expect.stringMatching(/^\^9\./) });
  });

  it('has an entry that is valid JavaScript', () => {
    for (const file of ['extension.js', 'server-command.js']) execFileSync(process.execPath, ['--check', nodePath.join(extension, file)]);
  });

  it('starts `coord lsp --stdio`: the configured command, else the workspace\'s coord, else its own coord-lang', () => {
    const exists = (file: string) => file === nodePath.join('/ws/b', 'node_modules', '.bin', 'coord');
    const bundled = '/ext/node_modules/coord-lang/bin/coord.js';
    expect(serverCommand({ configured: ' /opt/coord ', workspaceFolders: ['/ws/b'], exists, bundled, platform: 'linux' })).toEqual({ command: '/opt/coord', args: ['lsp', '--stdio'] });
    expect(serverCommand({ configured: '', workspaceFolders: ['/ws/a', '/ws/b'], exists, bundled, platform: 'linux' })).toEqual({ command: '/ws/b/node_modules/.bin/coord', args: ['lsp', '--stdio'] });
    expect(serverCommand({ workspaceFolders: ['/ws/a'], exists, bundled, platform: 'linux' })).toEqual({ command: 'node', args: [bundled, 'lsp', '--stdio'] });
    expect(serverCommand({ workspaceFolders: [], exists, platform: 'linux' })).toBeUndefined();
  });

  it('finds the coord-lang installed beside it, and runs the server that bin/coord.js starts', () => {
    expect(bundledCoord(() => nodePath.join(root, 'package.json'))).toBe(nodePath.join(root, 'bin', 'coord.js'));
    expect(bundledCoord(() => { throw new Error('not installed'); })).toBeUndefined();
    expect(readFileSync(nodePath.join(root, 'package.json'), 'utf8')).toContain('"coord": "bin/coord.js"');
  });
});
