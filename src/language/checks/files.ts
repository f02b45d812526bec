import { existsSync } from 'node:fs';
import * as nodePath from 'node:path';
import { AstUtils, type AstNode } from 'langium';

/** A path written in a .coord file, resolved against the directory of that file. */
export function resolveFromSource(node: AstNode, written: string): string {
  const file = AstUtils.getDocument(node).uri.fsPath;
  return nodePath.resolve(nodePath.dirname(file), written);
}

export function fileExists(path: string): boolean {
  try {
    return existsSync(path);
  } catch {
    return false;
  }
}
