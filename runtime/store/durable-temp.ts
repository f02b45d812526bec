import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * Writes `content` to a new temp file beside `path` and fsyncs it, returning the temp file's
 * name: the caller moves it into place (rename for a replace, link for create-if-absent), so
 * nobody ever reads a half-written file under `path`.
 */
export async function writeDurableTemp(path: string, content: string): Promise<string> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}
