/**
 * The entry of `coord lint`'s V8 start-up snapshot (install/build-snapshot.js builds it; bin/coord.js
 * starts Node from it). A cold lint spends about a third of its time building Chevrotain's lexer and
 * parser and Langium's services, which no file cache keeps; a snapshot taken after linting some
 * workflows holds them built, with the lookahead their constructs needed already computed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { Command } from './commands/command.js';
import { lintCommand } from './commands/lint.js';
import { collectCoordFiles } from './files/collect-files.js';
import { refuseThreads, ThreadsRefused } from './lint/lint-pool.js';
import { lintFiles } from './lint/lint-report.js';
import { packageRoot } from './package-info.js';
import { quietOnClosedPipe, runCommand } from './run-command.js';

/** The workflows the package has (examples/ in a checkout, workflows/ in an install): what the warm-up lints. */
async function warmUp(): Promise<void> {
  const folders = ['examples', 'workflows'].map((name) => path.join(packageRoot, name)).filter((folder) => existsSync(folder));
  if (folders.length === 0) throw new Error(`lint-snapshot: ${packageRoot} has no examples/ or workflows/ to warm the parser with`);
  await lintFiles(await collectCoordFiles('lint', folders), { workers: 0 });
}

/**
 * Lint, except that a lint large enough for worker threads (which cannot start here) is run again
 * by a Node started without the snapshot, before anything was printed: its output and status are
 * this lint's. The snapshot saves tens of milliseconds; such a lint takes seconds.
 */
const lintHere: Command = {
  ...lintCommand,
  async run(args) {
    try {
      return await lintCommand.run(args);
    } catch (error) {
      if (!(error instanceof ThreadsRefused)) throw error;
      const fresh = spawnSync(process.execPath, [path.join(packageRoot, 'bin', 'coord.js'), 'lint', ...args], {
        stdio: 'inherit',
        env: { ...process.env, COORD_NO_SNAPSHOT: '1' },
      });
      if (fresh.error) throw fresh.error;
      if (fresh.signal) process.kill(process.pid, fresh.signal);
      return fresh.status ?? 1;
    }
  },
};

if (v8.startupSnapshot.isBuildingSnapshot()) {
  void warmUp();
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    quietOnClosedPipe();
    refuseThreads();
    // Started as `node --snapshot-blob <blob> lint <args…>`: argv[1] is `lint`.
    void runCommand('lint', async () => lintHere, process.argv.slice(2)).then((code) => {
      process.exitCode = code;
    });
  });
}
