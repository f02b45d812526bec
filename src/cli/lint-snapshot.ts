/**
 * The entry of `coord lint`'s V8 start-up snapshot (install/build-snapshot.js builds it; bin/coord.js
 * starts Node from it). A cold lint spends about a third of its time building Chevrotain's lexer and
 * parser and Langium's services, which no file cache keeps; a snapshot taken after linting some
 * workflows holds them built, with the lookahead their constructs needed already computed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { lintCommand } from './commands/lint.js';
import { collectCoordFiles } from './files/collect-files.js';
import { lintFiles } from './lint/lint-report.js';
import { packageRoot } from './package-info.js';
import { quietOnClosedPipe, runCommand } from './run-command.js';

/** The workflows the package has (examples/ in a checkout, workflows/ in an install): what the warm-up lints. */
async function warmUp(): Promise<void> {
  const folders = ['examples', 'workflows'].map((name) => path.join(packageRoot, name)).filter((folder) => existsSync(folder));
  if (folders.length === 0) throw new Error(`lint-snapshot: ${packageRoot} has no examples/ or workflows/ to warm the parser with`);
  await lintFiles(await collectCoordFiles('lint', folders));
}

if (v8.startupSnapshot.isBuildingSnapshot()) {
  void warmUp();
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    quietOnClosedPipe();
    // Started as `node --snapshot-blob <blob> lint <args…>`: argv[1] is `lint`.
    void runCommand('lint', async () => lintCommand, process.argv.slice(2)).then((code) => {
      process.exitCode = code;
    });
  });
}
