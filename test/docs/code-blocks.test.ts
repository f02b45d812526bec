import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWorkflow } from '../../src/api/check-workflow.js';
import { formatText } from '../../src/language/index.js';

/**
 * Every ```coord block of the README and docs/*.md is a whole `.coord` file, linted as
 * `coord lint` lints one: clean, or reporting exactly the codes its `// expect` lines name.
 * A block marked ```coord fragment (docs/language.md says when) is part of a file: it must
 * parse in one of the places such a part stands.
 */
const root = nodePath.resolve(import.meta.dirname, '../..');

interface Block {
  where: string;
  info: string;
  text: string;
  /** The fixture a block says it quotes (`Fails (\`test/fixtures/…\``), linted where it lies so its imports resolve. */
  fixture?: string;
}

async function documentedBlocks(): Promise<Block[]> {
  const docs = (await readdir(nodePath.join(root, 'docs'))).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
  const blocks: Block[] = [];
  for (const file of ['README.md', ...docs]) {
    const markdown = await readFile(nodePath.join(root, file), 'utf8');
    for (const match of markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```/gm)) {
      const line = markdown.slice(0, match.index).split('\n').length;
      const intro = markdown.slice(0, match.index).trimEnd().split('\n\n').at(-1) ?? '';
      const fixture = /^Fails\b[^`]*\(`(test\/fixtures\/[^`]+\.coord)`/.exec(intro)?.[1];
      blocks.push({ where: `${file}:${line}`, info: match[1]!.trim(), text: match[2]!, fixture });
    }
  }
  return blocks;
}

const blocks = await documentedBlocks();
const files = blocks.filter((block) => block.info === 'coord');
const fragments = blocks.filter((block) => block.info === 'coord fragment');

/** Where a part of a file may stand: the file itself, a workflow, a flow, an agent, a channel or policy, a coordinator, a parallel region. */
const PLACES: ((text: string) => string)[] = [
  (text) => text,
  (text) => `workflow w {\n${text}\n}`,
  (text) => `workflow w { flow {\n${text}\n} }`,
  (text) => `workflow w { agent a {\n${text}\n} }`,
  (text) => `workflow w { channel a -> b {\n${text}\n} }`,
  (text) => `workflow w { coordinator {\n${text}\n} }`,
  (text) => `workflow w { flow { parallel p {\n${text}\n} } }`,
];

const parsesIn = (text: string): boolean => PLACES.some((place) => formatText(place(text)).diagnostics.length === 0);

/**
 * A line holding only `...` stands for lines left out: the fragment parses without them, or
 * each part between them parses on its own (a declaration, then the flow that uses it).
 */
function parses(text: string): boolean {
  const elided = /^\s*\.\.\.\s*$/m;
  return parsesIn(text.replace(new RegExp(elided.source, 'gm'), '')) || text.split(elided).every(parsesIn);
}

function expectedFindings(text: string): string[] {
  return [...text.matchAll(/^\/\/ expect (COORD\d{3} \d+:\d+-\d+:\d+)$/gm)].map((match) => match[1]!).sort();
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(nodePath.join(tmpdir(), 'coord-doc-blocks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('coord code in the README and docs', () => {
  it('finds the blocks, and every info string that says coord is one of the two documented ones', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(blocks.filter((block) => block.info.startsWith('coord') && block.info !== 'coord' && block.info !== 'coord fragment')).toEqual([]);
  });

  it('fragments are only where a whole file cannot be shown: one construct in language.md, a fix in diagnostics.md', () => {
    const where = new Set(fragments.map((block) => block.where.split(':')[0]));
    expect([...where].sort()).toEqual(['docs/diagnostics.md', 'docs/language.md']);
  });

  it('no untagged block holds a workflow (it would escape this test)', () => {
    const untagged = blocks.filter((block) => block.info === '' && /^\s*((workflow|policy|agent)\s+\w+\s*\{|import\s+")/m.test(block.text));
    expect(untagged.map((block) => block.where)).toEqual([]);
  });

  it.each(files.map((block) => [block.where, block] as const))('%s lints as documented', async (where, block) => {
    let file = nodePath.join(dir, `${where.replace(/[/:.]/g, '-')}.coord`);
    if (block.fixture) {
      // The quote may be abridged (a fixture of invalid bytes or very long lines): the file is what is linted.
      file = nodePath.join(root, block.fixture);
    } else {
      await writeFile(file, block.text);
    }
    const { diagnostics } = await checkWorkflow(file);
    const found = diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column}`);
    expect(found.sort(), diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')).toEqual(expectedFindings(block.text));
  });

  it.each(fragments.map((block) => [block.where, block] as const))('%s (a fragment) parses where it belongs', (_where, block) => {
    expect(parses(block.text)).toBe(true);
  });
});
