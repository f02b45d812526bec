import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checkText } from '../../src/language/index.js';
import { commands } from '../../src/cli/commands/index.js';
import { runCli, tempProject } from './support/run-cli.js';

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

  it('docs/cli.md: has a section for every command, and documents every exit status', async () => {
    const doc = await cliDoc();
    for (const name of Object.keys(commands)) expect(doc).toContain(`## coord ${name}\n`);
    for (const status of [0, 1, 2, 3, 130]) expect(doc).toMatch(new RegExp(`^\\| ${status} \\|`, 'm'));
  });

  it('docs/cli.md: shows the GitHub Actions workflow the package ships, and its coord commands run as written', async () => {
    const workflow = await readFile(new URL('../../docs/ci/github-actions.yml', import.meta.url), 'utf8');
    expect(await cliDoc()).toContain(`\`\`\`yaml\n${workflow}\`\`\``);
    expect(workflow).toContain('uses: github/codeql-action/upload-sarif@');
    expect(workflow).toMatch(/security-events: write/);
    const runs = [...workflow.matchAll(/npx --yes coord-lang@\d+ (lint [^>\n]*?)(?: >|\n)/g)].map((m) => m[1]!.trim().split(/\s+/));
    expect(runs).toHaveLength(2);
    const project = await tempProject({ 'flows/ok.coord': 'workflow ok {\n  agent a { model "openai:gpt-4o-mini"  budget 100 tokens per turn }\n  flow {\n    start a\n    a -> done\n  }\n}\n' });
    for (const args of runs) {
      const { code, stderr } = await runCli(args, { cwd: project });
      expect(stderr, args.join(' ')).toBe('');
      expect(code, args.join(' ')).toBe(0);
    }
  });

  it('docs/library.md: shows examples/library/run.ts as it is', async () => {
    const example = await readFile(new URL('../../examples/library/run.ts', import.meta.url), 'utf8');
    expect(await readFile(new URL('../../docs/library.md', import.meta.url), 'utf8')).toContain(`\`\`\`ts\n${example}\`\`\``);
  });
});
