import type { Command } from './command.js';

/**
 * Every command, by name, loaded only when called: each lives in its own file in
 * this folder, and `coord lint` need not pay for the runtime's or the tokenizer's start-up.
 */
export const commands: Record<string, () => Promise<Command>> = {
  bench: async () => (await import('./bench.js')).benchCommand,
  lint: async () => (await import('./lint.js')).lintCommand,
  fmt: async () => (await import('./fmt.js')).fmtCommand,
  compile: async () => (await import('./compile.js')).compileCommand,
  graph: async () => (await import('./graph.js')).graphCommand,
  schema: async () => (await import('./schema.js')).schemaCommand,
  lsp: async () => (await import('./lsp.js')).lspCommand,
  run: async () => (await import('./run.js')).runCommand,
  resume: async () => (await import('./resume.js')).resumeCommand,
  replay: async () => (await import('./replay.js')).replayCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  submit: async () => (await import('./submit.js')).submitCommand,
  status: async () => (await import('./status.js')).statusCommand,
  answer: async () => (await import('./answer.js')).answerCommand,
  logs: async () => (await import('./logs.js')).logsCommand,
};

export async function usage(): Promise<string> {
  const loaded = await Promise.all(Object.entries(commands).map(async ([name, load]) => [name, (await load()).summary] as const));
  const width = Math.max(0, ...loaded.map(([name]) => name.length));
  const lines = loaded.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return `usage: coord <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'coord <command> --help' for a command's options.\n`;
}
