import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * The side effect the person approves: writes the approved draft (its inbox) to the run
 * input's `out` path, default `.coord/published/release-notes.md` under the current folder.
 */
export default async function publisher({ input, inbox }: { input: unknown; inbox: Array<{ from: string; text: string }> }) {
  const draft = inbox.filter((m) => m.from === 'drafter').at(-1)?.text;
  if (!draft) throw new Error('no approved draft reached the publisher');
  const path = resolve((input as { out?: string } | undefined)?.out ?? '.coord/published/release-notes.md');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, draft);
  return { path, bytes: Buffer.byteLength(draft), message: `wrote ${Buffer.byteLength(draft)} bytes to ${path}` };
}
