import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => join(folder, file));
}

/** Every relative import of a file, as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)));
}

describe('imports flow one way', () => {
  it('channels, agents, providers, the ledger and the store never import the run: they return plans and results to the step that called them', () => {
    const offenders = ['runtime/channels', 'runtime/agents', 'runtime/providers', 'runtime/ledger', 'runtime/store', 'runtime/coordinator', 'runtime/squeeze']
      .flatMap(sources)
      .flatMap((file) => importsOf(file).filter((target) => target.startsWith('runtime/run/')).map((target) => `${file} -> ${target}`));
    expect(offenders).toEqual([]);
  });

  it('the runtime knows only the IR of the front end', () => {
    const offenders = sources('runtime').flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('src/') && !target.startsWith('src/ir/'))
        .map((target) => `${file} -> ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the language, the analysis and the compiler never import the runtime', () => {
    const offenders = ['src/language', 'src/analysis', 'src/compile', 'src/ir']
      .flatMap(sources)
      .flatMap((file) => importsOf(file).filter((target) => target.startsWith('runtime/')).map((target) => `${file} -> ${target}`));
    expect(offenders).toEqual([]);
  });
});

describe('a side effect has one doorway', () => {
  it('only runtime/run/step.ts opens step sections and journals step records', () => {
    const opening = sources('runtime').filter((file) => /sequencer\.run\(|kind: 'step'/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(opening).toEqual(['runtime/run/step.ts']);
  });
});
