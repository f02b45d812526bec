import { lstatSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The folder in which function agents' threads (and bin/coord.js) keep Node's compile cache, or undefined for none.
 *
 * Each thread is a fresh Node environment, and Node strips a `.ts` module's types with amaro,
 * a wasm module whose loading costs each thread about as much as the rest of its start. Node's
 * compile cache keeps what stripping made of each file (keyed by the file's path and checked
 * against a hash of its source) beside V8's compiled code, so a thread whose modules have not
 * changed since an earlier run reads them back and never loads the stripper. What Node refuses
 * to strip is never cached, so it is refused as before and tsx takes it (load-module.ts).
 *
 * Where: `$XDG_CACHE_HOME/coord/compile-cache` where that variable is set to an absolute path,
 * else `<os.tmpdir()>/coord-compile-cache-<uid>`; Node adds a folder per Node version, V8 cache
 * version and user inside. Another user who can write to the folder could hand coord code to
 * run in place of an agent's, so a folder is used only if it is a real folder (not a link)
 * owned by this user and writable by no one else; a new one is made readable by its owner only.
 * Otherwise, or if the folder cannot be made, threads run without the cache, as they would
 * with Node's own `NODE_DISABLE_COMPILE_CACHE`. Where `NODE_COMPILE_CACHE` is set, the threads
 * already use the cache it names (Node reads it when each starts), so coord adds none.
 */
export function compileCacheDir(): string | undefined {
  const env = process.env;
  if (env.NODE_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const uid = process.getuid?.();
  // The XDG specification says to ignore a relative path.
  const dir = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
    ? path.join(env.XDG_CACHE_HOME, 'coord', 'compile-cache')
    : path.join(os.tmpdir(), uid === undefined ? 'coord-compile-cache' : `coord-compile-cache-${uid}`);
  try {
    makeFolder(dir);
    return ownPrivateFolder(dir, uid) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `mkdir -p`, trying each folder at most twice: Node's recursive mkdir (and Node's compile
 * cache, given a folder that does not exist) loops forever where a folder cannot be made
 * although its parent exists (ENOENT under /proc).
 */
function makeFolder(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || path.dirname(dir) === dir) throw error;
    makeFolder(path.dirname(dir));
    mkdirSync(dir, { mode: 0o700 });
  }
}

/** Without uids (Windows), the temporary folder is the user's own already. */
function ownPrivateFolder(dir: string, uid: number | undefined): boolean {
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) return false;
  return uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0);
}
