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
import { CliError } from './errors.js';
import { collectCoordFiles } from './files/collect-files.js';
import type { SnapshotCheck } from './lint/snapshot-check.js';
import { checkWorkflow } from './lint/check-workflow.js';
import { refuseThreads, ThreadsRefused } from './lint/lint-pool.js';
import { lintFiles } from './lint/lint-report.js';
import { packageRoot } from './package-info.js';
import { quietOnClosedPipe, runCommand } from './run-command.js';
import { markStartedFromSnapshot, SNAPSHOT_LINT_FLAGS } from './start-snapshot.js';

/** The workflows the package has (examples/ in a checkout, workflows/ in an install): what the warm-up lints. */
async function warmUp(): Promise<void> {
  const folders = ['examples', 'workflows'].map((name) => path.join(packageRoot, name)).filter((folder) => existsSync(folder));
  if (folders.length === 0) throw new Error(`lint-snapshot: ${packageRoot} has no examples/ or workflows/ to warm the parser with`);
  await lintFiles(await collectCoordFiles('lint', folders), { workers: 0 });
}

/**
 * Lint, on this process's main thread unless `--workers` asks for threads: bin/coord.js started it
 * with SNAPSHOT_LINT_FLAGS, which keep a large lint's memory lower than a worker thread does, and
 * its parser is built, which a fresh Node's would not be. Threads cannot start here, so a lint that
 * asks for them is run again by a Node started without the snapshot, before anything was printed:
 * its output and status are this lint's.
 */
const lintHere: Command = {
  ...lintCommand,
  async run(args) {
    const workersAsked = args.some((arg) => arg === '--workers' || arg.startsWith('--workers='));
    if (!workersAsked) return lintCommand.run(['--workers', '0', ...args]);
    try {
      return await lintCommand.run(args);
    } catch (error) {
      if (!(error instanceof ThreadsRefused)) throw error;
      if (process.env.COORD_DEBUG) process.stderr.write('coord: the lint asks for worker threads: it is handed to a Node started without the snapshot\n');
      const fresh = spawnSync(process.execPath, [...SNAPSHOT_LINT_FLAGS, path.join(packageRoot, 'bin', 'coord.js'), 'lint', ...args], {
        stdio: 'inherit',
        env: { ...process.env, COORD_NO_SNAPSHOT: '1' },
      });
      if (fresh.error) throw fresh.error;
      if (fresh.signal) process.kill(process.pid, fresh.signal);
      return fresh.status ?? 1;
    }
  },
};

/**
 * `check <file> <shown>`, for compile, graph, run and submit (check-in-snapshot.ts): checks the
 * file and prints the check as JSON, or the refusal a CliError makes. Anything else fails this
 * process, and the command checks the file itself.
 */
async function checkForCommand([file, shown]: string[]): Promise<void> {
  if (!file || !shown) throw new Error('usage: check <file> <shown>');
  let answer: SnapshotCheck;
  try {
    const { file: checked, diagnostics, ir } = await checkWorkflow(file, shown);
    answer = { check: { file: checked, diagnostics, ...(ir ? { ir } : {}) } };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    answer = { refused: { message: error.message, ...(error.hint ? { hint: error.hint } : {}), exitCode: error.exitCode } };
  }
  process.stdout.write(JSON.stringify(answer));
}

if (v8.startupSnapshot.isBuildingSnapshot()) {
  void warmUp();
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    markStartedFromSnapshot();
    quietOnClosedPipe();
    refuseThreads();
    // Started as `node --snapshot-blob <blob> <lint|check> <args…>`: argv[1] says which.
    const [mode, ...args] = process.argv.slice(1);
    if (mode === 'check') {
      checkForCommand(args).catch((error: unknown) => {
        process.stderr.write(`${String((error as Error)?.message ?? error)}\n`);
        process.exitCode = 2;
      });
      return;
    }
    void runCommand('lint', async () => lintHere, args).then((code) => {
      process.exitCode = code;
    });
  });
}
