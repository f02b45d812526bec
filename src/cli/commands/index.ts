import type { Command } from './command.js';
import { benchCommand } from './bench.js';
import { lintCommand } from './lint.js';
import { fmtCommand } from './fmt.js';
import { compileCommand } from './compile.js';
import { graphCommand } from './graph.js';
import { schemaCommand } from './schema.js';
import { lspCommand } from './lsp.js';
import { runCommand } from './run.js';
import { resumeCommand } from './resume.js';
import { replayCommand } from './replay.js';

/** Every command, by name. Each lives in its own file in this folder. */
export const commands: Record<string, Command> = {
  bench: benchCommand,
  lint: lintCommand,
  fmt: fmtCommand,
  compile: compileCommand,
  graph: graphCommand,
  schema: schemaCommand,
  lsp: lspCommand,
  run: runCommand,
  resume: resumeCommand,
  replay: replayCommand,
};

export function usage(): string {
  const width = Math.max(0, ...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: coord <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'coord <command> --help' for a command's options.\n`;
}
