import { readFile } from 'node:fs/promises';

const SECTIONS: Array<[string, string]> = [
  ['feat', 'New'],
  ['fix', 'Fixed'],
  ['docs', 'Documentation'],
];

/**
 * Drafts release notes from a conventional-commit changelog (the run input's `changelog`
 * file, or the bundled one). The first draft lists every section; after a rejection
 * (turn 2 on) it drafts a shorter version with only new features and fixes.
 */
export default async function drafter({ input, turn }: { input: unknown; turn: number }) {
  const given = (input as { changelog?: string; version?: string } | undefined) ?? {};
  const text = await readFile(given.changelog ?? new URL('../data/changelog.txt', import.meta.url), 'utf8');
  const entries = text
    .split('\n')
    .map((line) => line.match(/^(\w+):\s*(.+)$/))
    .flatMap((m) => (m ? [{ type: m[1]!, text: m[2]! }] : []));
  const sections = turn === 1 ? SECTIONS : SECTIONS.slice(0, 2);
  const body = sections
    .map(([type, title]) => {
      const items = entries.filter((e) => e.type === type).map((e) => `- ${e.text}`);
      return items.length === 0 ? '' : `## ${title}\n${items.join('\n')}`;
    })
    .filter(Boolean)
    .join('\n\n');
  const title = `Release ${given.version ?? 'notes'}`;
  const lines = body.split('\n').filter((l) => l.startsWith('- ')).length;
  return { title, draft: turn, lines, message: `# ${title}\n\n${body}\n` };
}
