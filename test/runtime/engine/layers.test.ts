import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Value imports (not `import type`) of a file, as paths from the repository root. */
function valueImportsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*import\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)));
}

const engineFiles = readdirSync(join(ROOT, 'runtime/engine'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join('runtime/engine', file));

describe('engines sit under the run', () => {
  it('only the service that hosts runs on Restate imports the run; the engines themselves know its types alone', () => {
    const importers = engineFiles.filter((file) => valueImportsOf(file).some((target) => target.startsWith('runtime/run/')));
    expect(importers).toEqual(['runtime/engine/restate/service.ts']);
  });

  it('nothing loads the Restate SDK but the Restate engine, so a run on the file engine never pays for it', () => {
    const roots = ['runtime', 'src'].flatMap((folder) =>
      readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.tsx?$/.test(file))
        .map((file) => join(folder, file)),
    );
    const sdkUsers = roots.filter((file) => /from '@restatedev\/restate-sdk'/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(sdkUsers.every((file) => file.startsWith('runtime/engine/restate/'))).toBe(true);
    // The CLI reaches the engine's modules only through dynamic imports, when a command needs a server.
    const staticFromCli = roots
      .filter((file) => file.startsWith('src/'))
      .filter((file) => /^import (?!type)[^;]*from '[^']*runtime\/engine\/restate\//m.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(staticFromCli).toEqual([]);
  });
});
