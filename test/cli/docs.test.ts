import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checkText } from '../../src/language/index.js';
import { commands } from '../../src/cli/commands/index.js';

const readme = () => readFile(new URL('../../README.md', import.meta.url), 'utf8');
const cliDoc = () => readFile(new URL('../../docs/cli.md', import.meta.url), 'utf8');

describe('the CLI documentation', () => {
  it('README: the workflow it shows is valid', async () => {
    const example = /```coord\n([\s\S]*?)```/.exec(await readme())?.[1];
    expect(example).toBeDefined();
    expect((await checkText(example!, '/readme/brief.coord')).diagnostics).toEqual([]);
  });

  it('README: gives the two set-up commands exactly', async () => {
    expect(await readme()).toContain('```\nnpm install\nnpm test\n```');
  });

  it('README: every document and example it links or names exists', async () => {
    const text = await readme();
    const paths = new Set([
      ...[...text.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]!),
      ...[...text.matchAll(/`(examples\/[a-z-]+)(?:\/[^`]*)?`/g)].map((m) => m[1]!),
    ]);
    expect(paths.size).toBeGreaterThan(10);
    for (const path of paths) await expect(readFile(new URL(`../../${path}`, import.meta.url)).catch((e) => e.code === 'EISDIR' ? 'dir' : Promise.reject(e)), path).resolves.toBeDefined();
  });

  it('docs/cli.md: has a section for every front-end command', async () => {
    const doc = await cliDoc();
    for (const name of ['lint', 'fmt', 'compile', 'graph', 'schema', 'lsp']) {
      expect(Object.keys(commands)).toContain(name);
      expect(doc).toContain(`## coord ${name}\n`);
    }
  });
});
