import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Location,
  type LocationLink,
  type MarkupContent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { checkWorkflow } from '../../src/api/check-workflow.js';

const root = nodePath.resolve(import.meta.dirname, '../..');
const workspace = nodePath.join(root, 'test/fixtures/valid');
const briefPath = nodePath.join(workspace, 'research_brief.coord');
const briefUri = pathToFileURL(briefPath).toString();
const brief = readFileSync(briefPath, 'utf8');

let server: ChildProcess;
let connection: ProtocolConnection;
const published = new Map<string, PublishDiagnosticsParams>();
const waiters: Array<() => void> = [];

/** Waits until the server has published diagnostics for `uri`. */
async function diagnosticsFor(uri: string): Promise<PublishDiagnosticsParams> {
  while (!published.has(uri)) await new Promise<void>((resolve) => waiters.push(resolve));
  return published.get(uri)!;
}

/** 0-based position of the `occurrence`-th match of `needle` in `text`, plus `shift` characters. */
function positionOf(text: string, needle: string, occurrence = 1, shift = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`'${needle}' not found`);
  const before = text.slice(0, offset + shift);
  return { line: before.split('\n').length - 1, character: offset + shift - before.lastIndexOf('\n') - 1 };
}

beforeAll(async () => {
  server = spawn(process.execPath, ['--import', 'tsx', nodePath.join(root, 'test/support/lsp-server.ts'), '--stdio'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.set(params.uri, params);
    waiters.splice(0).forEach((wake) => wake());
  });
  connection.listen();
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).toString(),
    workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'valid' }],
    capabilities: {},
  });
  expect(init.capabilities.hoverProvider).toBeTruthy();
  await connection.sendNotification(InitializedNotification.type, {});
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: briefUri, languageId: 'coord', version: 1, text: brief },
  });
});

afterAll(async () => {
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  connection.dispose();
  server.kill();
});

describe('the language server, driven by a real client over stdio', () => {
  it('publishes for a valid workflow whose imports are in the workspace only what coord lint says of it', async () => {
    const lint = await checkWorkflow(briefPath);
    expect(lint.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['info COORD122']);
    expect((await diagnosticsFor(briefUri)).diagnostics.map((d) => ({ code: d.code, message: d.message }))).toEqual(
      lint.diagnostics.map((d) => ({ code: d.code, message: d.message })),
    );
  });

  it('publishes coded diagnostics with a did-you-mean for a broken document', async () => {
    const uri = pathToFileURL(nodePath.join(workspace, 'scratch-broken.coord')).toString();
    const text = 'workflow w {\n  agent planner { model "openai:x" }\n  flow {\n    start planer\n    planner -> done\n  }\n}\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'coord', version: 1, text } });
    const { diagnostics } = await diagnosticsFor(uri);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'COORD021',
      severity: 1,
      range: { start: { line: 3, character: 10 }, end: { line: 3, character: 16 } },
      data: { hint: "did you mean 'planner'?" },
    });
  });

  it('loads an imported file from outside the workspace folders and resolves its names', async () => {
    const uri = pathToFileURL(nodePath.join(workspace, 'scratch-outside.coord')).toString();
    const text = 'import "../invalid/lib/with-workflow.coord"\nworkflow w {\n  agent a { model "openai:x" }\n  flow { start a  a -> helper  helper -> done }\n}\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'coord', version: 1, text } });
    // The first build cannot see the import yet; wait for the rebuild that loads it.
    let codes: string[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      codes = (await diagnosticsFor(uri)).diagnostics.map((d) => String(d.code));
      if (!codes.includes('COORD010') && !codes.includes('COORD021')) break;
      published.delete(uri);
    }
    expect(codes).toEqual(['COORD012']);
  });

  it('hovers an agent reference with its declaration summary', async () => {
    await diagnosticsFor(briefUri);
    const hover = await connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: briefUri },
      position: positionOf(brief, 'planner -> researcher\n', 1, 2),
    });
    const value = (hover?.contents as MarkupContent).value;
    expect(value).toContain('**agent** `planner`');
    expect(value).toContain('model "openai:gpt-4o-mini"');
    expect(value).toContain('budget 1500 tokens per turn');
  });

  it('hovers a policy imported from another file with its settings', async () => {
    const hover = await connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: briefUri },
      position: positionOf(brief, 'uses terse', 1, 6),
    });
    const value = (hover?.contents as MarkupContent).value;
    expect(value).toContain('**policy** `terse`');
    expect(value).toContain('on overflow compress');
  });

  it('hovers a channel with its settings, policy merged in', async () => {
    const hover = await connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: briefUri },
      position: positionOf(brief, 'channel planner', 1, 1),
    });
    const value = (hover?.contents as MarkupContent).value;
    expect(value).toContain('**channel** `planner -> researcher`');
    expect(value).toContain('mode `hybrid`');
    expect(value).toContain('uses policy `terse`');
  });

  it('goes to the definition of an agent, and of a policy in an imported file', async () => {
    const local = (await connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: briefUri },
      position: positionOf(brief, 'start planner', 1, 7),
    })) as LocationLink[];
    expect(local[0]!.targetUri).toBe(briefUri);
    expect(local[0]!.targetSelectionRange.start).toEqual(positionOf(brief, 'agent planner', 1, 6));

    const imported = (await connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: briefUri },
      position: positionOf(brief, 'uses terse', 1, 6),
    })) as Array<Location | LocationLink>;
    const target = imported[0]!;
    expect('targetUri' in target ? target.targetUri : target.uri).toBe(pathToFileURL(nodePath.join(workspace, 'shared/policies.coord')).toString());
  });

  it('completes keywords and the names in scope', async () => {
    const result = await connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: briefUri },
      position: positionOf(brief, 'writer -> editor\n', 1, 0),
    });
    const items = (Array.isArray(result) ? result : (result as CompletionList).items) as CompletionItem[];
    const labels = items.map((item) => item.label);
    expect(labels).toEqual(expect.arrayContaining(['planner', 'researcher', 'writer', 'editor', 'start', 'parallel', 'map', 'human']));
  });

  it('hovers a channel with its split, and offers split among a channel\'s settings', async () => {
    const uri = pathToFileURL(nodePath.join(workspace, 'scratch-split.coord')).toString();
    const text = 'workflow w {\n  agent a { model "openai:x"  budget 100 tokens }\n  agent b { model "openai:x"  budget 100 tokens }\n  channel a -> b { split 2 sentences }\n  channel b -> a {  }\n  flow { start a  a -> b  b -> done }\n}\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'coord', version: 1, text } });
    expect((await diagnosticsFor(uri)).diagnostics).toEqual([]);
    const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'channel a', 1, 1) });
    expect((hover?.contents as MarkupContent).value).toContain('- split `2 sentences`');
    const result = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionOf(text, 'b -> a {  }', 1, 9) });
    const items = (Array.isArray(result) ? result : (result as CompletionList).items) as CompletionItem[];
    expect(items.map((item) => item.label)).toEqual(expect.arrayContaining(['mode', 'readout', 'split']));
  });

  it('publishes the findings of flow analysis, exactly as coord lint reports them', async () => {
    const path = nodePath.join(root, 'test/fixtures/invalid/COORD102-no-path-to-done.coord');
    const uri = pathToFileURL(path).toString();
    const text = readFileSync(path, 'utf8');
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'coord', version: 1, text } });
    const { diagnostics } = await diagnosticsFor(uri);
    const lint = await checkWorkflow(path);
    expect(lint.diagnostics.map((d) => d.code)).toEqual(['COORD102']);
    expect(diagnostics.map((d) => ({ code: d.code, message: d.message, line: d.range.start.line + 1, column: d.range.start.character + 1 }))).toEqual(
      lint.diagnostics.map((d) => ({ code: d.code, message: d.message, line: d.range.start.line, column: d.range.start.column })),
    );
    expect(diagnostics[0]).toMatchObject({ severity: 1, data: { hint: lint.diagnostics[0]!.hint } });
  });

  it('offers a quick fix for a did-you-mean that edits the document, after which the finding is gone', async () => {
    const uri = pathToFileURL(nodePath.join(workspace, 'scratch-quick-fix.coord')).toString();
    const text = 'workflow w {\n  agent planner { model "openai:x"  budget 100 tokens }\n  flow {\n    start planer\n    planner -> done\n  }\n}\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'coord', version: 1, text } });
    const { diagnostics } = await diagnosticsFor(uri);
    expect(diagnostics.map((d) => d.code)).toEqual(['COORD021']);
    const actions = (await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    })) as CodeAction[];
    expect(actions.map((action) => action.title)).toEqual(["Change 'planer' to 'planner'"]);
    const edits = actions[0]!.edit!.changes![uri]!;
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'coord', 1, text), edits);
    expect(fixed).toBe(text.replace('start planer', 'start planner'));
    published.delete(uri);
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    expect((await diagnosticsFor(uri)).diagnostics).toEqual([]);
  });

  it('offers no quick fix for a finding without a suggestion', async () => {
    const uri = pathToFileURL(nodePath.join(workspace, 'scratch-no-fix.coord')).toString();
    const text = 'workflow w {\n  agent planner { model "openai:x"  budget 100 tokens }\n  flow {\n    start zzzzzz\n    planner -> done\n  }\n}\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'coord', version: 1, text } });
    const { diagnostics } = await diagnosticsFor(uri);
    expect(diagnostics.map((d) => d.code)).toEqual(['COORD021']);
    const actions = await connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics } });
    expect(actions).toEqual([]);
  });

  it('formats a document with the canonical formatter', async () => {
    const uri = pathToFileURL(nodePath.join(workspace, 'scratch-messy.coord')).toString();
    const text = 'workflow w{agent a{model "openai:x"}\nflow{start a a->done}}';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'coord', version: 1, text } });
    await diagnosticsFor(uri);
    const edits = await connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits).toHaveLength(1);
    expect(edits![0]!.newText).toBe('workflow w {\n  agent a { model "openai:x" }\n  flow {\n    start a\n    a -> done\n  }\n}\n');
  });
});
