import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import { checkText, coordServices, loadWorkflow } from '../../src/language/index.js';
import { MAX_SOURCE_BYTES } from '../../src/language/limits.js';
import { TOO_MANY_ERRORS } from '../../src/language/parser.js';

const fixtures = nodePath.resolve(import.meta.dirname, '../fixtures');

function scratch(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(nodePath.join(tmpdir(), 'coord-load-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(nodePath.dirname(nodePath.join(dir, name)), { recursive: true });
    writeFileSync(nodePath.join(dir, name), content);
  }
  return dir;
}

/** A full collection, after the current job: a WeakRef holds its target until the job ends. */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

const FLOW = 'flow { start a  a -> done }';

describe('loading a workflow and its imports', () => {
  it('reports a root file that cannot be read as COORD006 at 1:1', async () => {
    const missing = nodePath.join(fixtures, 'no-such-file.coord');
    const { diagnostics, ir } = await loadWorkflow(missing);
    expect(ir).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'COORD006', file: missing, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } }),
    ]);
  });

  it('resolves imports relative to the importing file, through several levels', async () => {
    const dir = scratch({
      'main.coord': `import "./lib/one.coord"\nworkflow w {\n  agent a { model "openai:x" }\n  channel a -> deep uses shared\n  flow { start a  a -> deep  deep -> done }\n}\n`,
      'lib/one.coord': 'import "./two/two.coord"\npolicy shared { mode text }\n',
      'lib/two/two.coord': 'agent deep { model "anthropic:claude" }\n',
    });
    const { diagnostics, ir } = await loadWorkflow(nodePath.join(dir, 'main.coord'));
    expect(diagnostics).toEqual([]);
    expect(ir!.agents.map((a) => a.name)).toEqual(['a', 'deep']);
    expect(ir!.channels[0]).toMatchObject({ policy: 'shared', mode: 'text' });
  });

  it('does not see declarations of files that are not imported', async () => {
    const dir = scratch({
      'main.coord': `workflow w {\n  agent a { model "openai:x" }\n  flow { start a  a -> other  other -> done }\n}\n`,
      'other.coord': 'agent other { model "openai:x" }\n',
    });
    const { diagnostics } = await loadWorkflow(nodePath.join(dir, 'main.coord'));
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual([
      ['COORD021', 3, 24],
      ['COORD021', 3, 31],
    ]);
  });

  it('reports a cycle between imported files in those files, without hanging', async () => {
    const root = nodePath.join(fixtures, 'invalid/cycle-root.coord');
    const { diagnostics } = await checkText(`import "./cycle/left.coord"\nworkflow w {\n  agent a { model "openai:x" }\n  ${FLOW}\n}\n`, root);
    const cycles = diagnostics.filter((d) => d.code === 'COORD011');
    expect(cycles.map((d) => nodePath.basename(d.file)).sort()).toEqual(['left.coord', 'right.coord']);
    expect(cycles[0]!.message).toMatch(/left\.coord → right\.coord → left\.coord|right\.coord → left\.coord → right\.coord/);
  });

  it('reports an imported file that is not UTF-8 at the import, with the byte position', async () => {
    const dir = scratch({ 'bad.coord': new Uint8Array([0x61, 0x67, 0x0a, 0xc3, 0x28]) });
    const { diagnostics } = await checkText(`import "./bad.coord"\nworkflow w {\n  agent a { model "openai:x" }\n  ${FLOW}\n}\n`, nodePath.join(dir, 'main.coord'));
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'COORD010', range: { start: { line: 1, column: 8 }, end: { line: 1, column: 21 } } }),
    ]);
    expect(diagnostics[0]!.message).toContain('not valid UTF-8: byte 0xc3 at line 2, column 1');
  });

  it('reports an import of a directory', async () => {
    const dir = scratch({ 'sub/x.coord': '' });
    const { diagnostics } = await checkText(`import "./sub"\nworkflow w {\n  agent a { model "openai:x" }\n  ${FLOW}\n}\n`, nodePath.join(dir, 'main.coord'));
    expect(diagnostics.map((d) => d.code)).toEqual(['COORD010']);
    expect(diagnostics[0]!.message).toContain('directory');
  });

  it('reads a file with a byte-order mark and CRLF line ends, with positions as editors count them', async () => {
    const text = '\uFEFFworkflow w {\r\n  agent a { model "openai:x" }\r\n  flow { start a  a -> b }\r\n}\r\n';
    const dir = scratch({ 'crlf.coord': Buffer.from(text, 'utf8') });
    const { diagnostics } = await loadWorkflow(nodePath.join(dir, 'crlf.coord'));
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'COORD021', range: { start: { line: 3, column: 24 }, end: { line: 3, column: 25 } } }),
    ]);
  });

  it('checks text in place of a file, with imports still read from disk', async () => {
    const root = nodePath.join(fixtures, 'valid/inline.coord');
    const { diagnostics, ir } = await checkText(
      `import "./shared/policies.coord"\nworkflow w {\n  agent a { model "openai:x" }\n  channel a -> editor uses terse\n  coordinator { model "builtin" }\n  flow { start a  a -> editor  editor -> done }\n}\n`,
      root,
    );
    expect(diagnostics).toEqual([]);
    expect(ir!.channels[0]!.mode).toBe('hybrid');
  });

  it('answers concurrent calls independently', async () => {
    const a = checkText(`workflow one {\n  agent a { model "openai:x" }\n  ${FLOW}\n}\n`, '/tmp/one.coord');
    const b = checkText(`workflow two {\n  agent b { model "openai:x" }\n  flow { start b  b -> zzz }\n}\n`, '/tmp/two.coord');
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.ir?.name).toBe('one');
    expect(rb.diagnostics.map((d) => d.code)).toEqual(['COORD021']);
  });
});

describe('imports of what is not a workflow file', () => {
  const importing = (path: string) => `import "${path}"\nworkflow w {\n  agent a { model "openai:x" }\n  ${FLOW}\n}\n`;

  it.each([
    ['/dev/zero', 'it is a character device, not a file'],
    ['/etc/hostname', 'only .coord files can be imported'],
  ])('%s is COORD010 and is never read', async (path, reason) => {
    const dir = scratch({});
    const { diagnostics } = await checkText(importing(path), nodePath.join(dir, 'main.coord'));
    expect(diagnostics.map((d) => d.code)).toEqual(['COORD010']);
    expect(diagnostics[0]!.message).toBe(`cannot import "${path}": ${reason}`);
  });

  it('a named pipe is COORD010, and loading does not wait for a writer', async () => {
    const dir = scratch({});
    const fifo = nodePath.join(dir, 'pipe.coord');
    execFileSync('mkfifo', [fifo]);
    const { diagnostics } = await checkText(importing('./pipe.coord'), nodePath.join(dir, 'main.coord'));
    expect(diagnostics[0]!.message).toBe('cannot import "./pipe.coord": it is a named pipe, not a file');
  });

  it('a file over the size limit is COORD010 at the import, and a root file over it is COORD006', async () => {
    const big = `// ${'x'.repeat(MAX_SOURCE_BYTES)}\n`;
    const dir = scratch({ 'big.coord': big });
    const { diagnostics } = await checkText(importing('./big.coord'), nodePath.join(dir, 'main.coord'));
    const size = Buffer.byteLength(big).toLocaleString('en-US');
    expect(diagnostics[0]!.message).toBe(`cannot import "./big.coord": it is ${size} bytes; a workflow file may be at most 1 MiB (1,048,576 bytes)`);
    const root = await loadWorkflow(nodePath.join(dir, 'big.coord'));
    expect(root.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([`COORD006 cannot read ${nodePath.join(dir, 'big.coord')}: it is ${size} bytes; a workflow file may be at most 1 MiB (1,048,576 bytes)`]);
  });
});

describe('memory held after a check', () => {
  it('keeps no document in the workspace once a check has answered, imports included', async () => {
    const dir = scratch({
      'main.coord': 'import "./lib.coord"\nworkflow w {\n  agent a { model "openai:x" }\n  flow { start a  a -> shared_agent  shared_agent -> done }\n}\n',
      'lib.coord': 'agent shared_agent { model "anthropic:claude" }\n',
    });
    const { diagnostics, ir } = await loadWorkflow(nodePath.join(dir, 'main.coord'));
    expect(diagnostics).toEqual([]);
    expect(ir!.agents.map((a) => a.name)).toEqual(['a', 'shared_agent']);
    expect(coordServices().shared.workspace.LangiumDocuments.all.count()).toBe(0);
  });

  it('keeps no document after a check that found errors', async () => {
    const { diagnostics } = await checkText('workflow w {\n  flow { start ghost  ghost -> done }\n}\n', nodePath.join(tmpdir(), 'errors.coord'));
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(coordServices().shared.workspace.LangiumDocuments.all.count()).toBe(0);
  });

  it('nothing keeps the documents of a checked file alive: not the workspace, not the scope caches', async () => {
    const dir = scratch({
      'main.coord': 'import "./lib.coord"\nworkflow w {\n  agent a { model "openai:x" }\n  channel a -> helper\n  flow { start a  a -> helper  helper -> done }\n}\n',
      'lib.coord': 'agent helper { model "anthropic:claude" }\n',
    });
    const documents = coordServices().shared.workspace.LangiumDocuments;
    const added: Array<WeakRef<LangiumDocument>> = [];
    const addDocument = documents.addDocument;
    documents.addDocument = (document) => {
      added.push(new WeakRef(document));
      addDocument.call(documents, document);
    };
    try {
      expect((await loadWorkflow(nodePath.join(dir, 'main.coord'))).diagnostics).toEqual([]);
    } finally {
      documents.addDocument = addDocument;
    }
    expect(added).toHaveLength(2);
    await collectGarbage();
    expect(added.filter((document) => document.deref() !== undefined)).toHaveLength(0);
  });

  it('the parser lets go of the tokens of a file whose syntax errors stopped it', async () => {
    const lexer = coordServices().parser.Lexer;
    const tokenize = lexer.tokenize;
    let tokens: WeakRef<object> | undefined;
    lexer.tokenize = (text, options) => {
      const lexed = tokenize.call(lexer, text, options);
      tokens = new WeakRef(lexed);
      return lexed;
    };
    try {
      const parsed = coordServices().parser.LangiumParser.parse(`workflow w {\n${'  flow flow -> -> when\n'.repeat(200)}}\n`);
      expect(parsed.parserErrors.at(-1)!.name).toBe(TOO_MANY_ERRORS);
    } finally {
      lexer.tokenize = tokenize;
    }
    await collectGarbage();
    expect(tokens!.deref()).toBeUndefined();
  });

  it('the parser lets go of the last tree it built', async () => {
    const parser = coordServices().parser.LangiumParser;
    const tree = new WeakRef(parser.parse(`workflow w {\n  agent a { model "openai:x" }\n  flow { start a  a -> done }\n}\n`).value);
    await collectGarbage();
    expect(tree.deref()).toBeUndefined();
  });
});
