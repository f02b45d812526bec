import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../errors.js';
import { coordCommand } from '../invocation.js';

const EXTENSION = '.coord';

/**
 * Expands command-line paths into .coord files: a named file must have the extension, a
 * directory is searched recursively, skipping node_modules and dot-directories.
 * Returns absolute paths, each once, in a stable order.
 */
export async function collectCoordFiles(command: string, inputs: string[]): Promise<string[]> {
  if (inputs.length === 0) {
    throw new CliError('no files given', `pass one or more .coord files or directories, e.g. '${coordCommand()} ${command} flows/'`);
  }
  const found = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(input);
    const kind = await pathKind(absolute, input);
    if (kind === 'file') {
      found.add(requireExtension(absolute, input));
      continue;
    }
    const inDirectory = await findInDirectory(absolute);
    if (inDirectory.length === 0) {
      throw new CliError(`no ${EXTENSION} files in directory '${input}'`, 'point at a directory that holds .coord files, or name the files');
    }
    for (const file of inDirectory) found.add(file);
  }
  return [...found];
}

/** Checks that a path names a .coord file, not a directory, for commands that take exactly one workflow. */
export async function requireFile(input: string): Promise<string> {
  const absolute = path.resolve(input);
  if ((await pathKind(absolute, input)) === 'directory') {
    throw new CliError(`'${input}' is a directory, not a file`, 'name a .coord file');
  }
  return requireExtension(absolute, input);
}

function requireExtension(absolute: string, shown: string): string {
  if (absolute.endsWith(EXTENSION)) return absolute;
  throw new CliError(`'${shown}' is not a ${EXTENSION} file`, `coord reads workflows from files named *${EXTENSION}; rename it`);
}

async function pathKind(absolute: string, shown: string): Promise<'file' | 'directory'> {
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) return 'directory';
    if (info.isFile()) return 'file';
    throw new CliError(`'${shown}' is not a regular file or directory`, 'name a .coord file or a directory');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw fileError(shown, error);
  }
}

async function findInDirectory(directory: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    throw fileError(directory, error);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await findInDirectory(full)));
    else if (entry.isFile() && entry.name.endsWith(EXTENSION)) files.push(full);
  }
  return files;
}

/** Turns a Node file-system error into a message a person can act on. */
export function fileError(shown: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return new CliError(`cannot find '${shown}'`, 'check the path; it is resolved against the current directory');
    case 'EACCES':
    case 'EPERM':
      return new CliError(`cannot read '${shown}': permission denied`, 'check the file\'s permissions');
    case 'EISDIR':
      return new CliError(`'${shown}' is a directory, not a file`, 'name a .coord file');
    case 'ENOTDIR':
      return new CliError(`cannot find '${shown}': a part of the path is not a directory`, 'check the path');
    default:
      return new CliError(`cannot read '${shown}': ${(error as Error)?.message ?? String(error)}`);
  }
}
