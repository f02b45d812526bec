import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The name coord is published under on the npm registry (`coord` there is someone else's package). */
export const PACKAGE_NAME = 'coord-lang';

/**
 * The coord package's own folder, found by walking up from this module: the same code runs from
 * src/ (tests, tsx) and from dist/src/ (the built binary), which sit at different depths.
 */
export const packageRoot: string = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The package's page on the npm registry, which shows its README. */
export function packageHomepage(): string {
  return `https://www.npmjs.com/package/${PACKAGE_NAME}`;
}

/**
 * An https address of one of the docs/ pages of this very version: every published version's files
 * are served by jsDelivr from the npm registry, so the link works wherever the report is read.
 */
export function docsUrl(page: string, anchor?: string): string {
  return `https://cdn.jsdelivr.net/npm/${PACKAGE_NAME}@${packageVersion()}/docs/${page}${anchor ? `#${anchor}` : ''}`;
}

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error(`coord's package.json is not above ${from}`);
  }
}
