import type { Command } from './command.js';

/** Every command, by name. Each lives in its own file in this folder. */
export const commands: Record<string, Command> = {
};

export function usage(): string {
  const width = Math.max(0, ...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: coord <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'coord <command> --help' for a command's options.\n`;
}
