'use strict';
// The VS Code extension: highlighting comes from the grammar in package.json; everything else
// from coord's own language server, `coord lsp`, which reports what `coord lint` reports.
const fs = require('node:fs');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { serverCommand, bundledCoord } = require('./server-command.js');

/** @type {LanguageClient | undefined} */
let client;

async function activate(context) {
  const server = serverCommand({
    configured: vscode.workspace.getConfiguration('coord').get('server.path'),
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
    exists: (file) => fs.existsSync(file),
    bundled: bundledCoord(),
  });
  if (!server) {
    void vscode.window.showErrorMessage('coord: no language server found. Run "npm install coord-lang" in the workspace, or set coord.server.path.');
    return;
  }
  client = new LanguageClient(
    'coord',
    'coord language server',
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: 'file', language: 'coord' }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.coord') },
    },
  );
  context.subscriptions.push(client);
  await client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
