'use strict';
// Which `coord` the extension starts as its language server. Kept apart from extension.js,
// which needs VS Code, so that the choice can be tested with plain Node.
const path = require('node:path');

/**
 * The command that runs `coord lsp --stdio`, in order of preference: the `coord.server.path`
 * setting; the workspace's own `node_modules/.bin/coord` (the version its CI lints with); the
 * `coord-lang` package installed with this extension, run by `node`.
 *
 * @param {{ configured?: string, workspaceFolders: string[], exists: (file: string) => boolean, bundled?: string, platform?: string }} where
 * @returns {{ command: string, args: string[] } | undefined}
 */
function serverCommand({ configured, workspaceFolders, exists, bundled, platform = process.platform }) {
  const lsp = ['lsp', '--stdio'];
  if (configured && configured.trim() !== '') return { command: configured.trim(), args: lsp };
  const bin = platform === 'win32' ? 'coord.cmd' : 'coord';
  for (const folder of workspaceFolders) {
    const local = path.join(folder, 'node_modules', '.bin', bin);
    if (exists(local)) return { command: local, args: lsp };
  }
  if (bundled !== undefined) return { command: 'node', args: [bundled, ...lsp] };
  return undefined;
}

/** The `bin/coord.js` of the `coord-lang` package installed with the extension, if there is one. */
function bundledCoord(resolve = require.resolve) {
  try {
    return path.join(path.dirname(resolve('coord-lang/package.json')), 'bin', 'coord.js');
  } catch {
    return undefined;
  }
}

module.exports = { serverCommand, bundledCoord };
