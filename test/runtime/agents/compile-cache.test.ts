import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileCacheDir } from '../../../runtime/agents/compile-cache.js';
import { FunctionPool } from '../../../runtime/agents/function-pool.js';

const uid = process.getuid?.();
const made: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'coord-compile-cache-test-'));
  made.push(dir);
  return dir;
};

afterEach(() => {
  vi.unstubAllEnvs();
  // A folder a test made read-only must be writable again to be removed.
  for (const dir of made.splice(0)) {
    spawnSync('chmod', ['-R', 'u+rwx', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('the folder of the function agents\' compile cache', () => {
  it('is made under $XDG_CACHE_HOME, readable by its owner only', () => {
    const home = scratch();
    vi.stubEnv('XDG_CACHE_HOME', home);
    const dir = compileCacheDir();
    expect(dir).toBe(path.join(home, 'coord', 'compile-cache'));
    expect(statSync(dir!).mode & 0o077).toBe(0);
  });

  it('is made in the temporary folder, named for the user, without $XDG_CACHE_HOME (or with a relative one)', () => {
    const tmp = scratch();
    vi.stubEnv('TMPDIR', tmp);
    vi.stubEnv('XDG_CACHE_HOME', 'relative/cache');
    expect(compileCacheDir()).toBe(path.join(tmp, uid === undefined ? 'coord-compile-cache' : `coord-compile-cache-${uid}`));
  });

  it('is left to Node where NODE_COMPILE_CACHE or NODE_DISABLE_COMPILE_CACHE is set', () => {
    vi.stubEnv('XDG_CACHE_HOME', scratch());
    vi.stubEnv('NODE_COMPILE_CACHE', scratch());
    expect(compileCacheDir()).toBeUndefined();
    vi.stubEnv('NODE_COMPILE_CACHE', undefined);
    vi.stubEnv('NODE_DISABLE_COMPILE_CACHE', '1');
    expect(compileCacheDir()).toBeUndefined();
  });

  it('is none where it cannot be made', () => {
    const file = path.join(scratch(), 'a-file');
    writeFileSync(file, '');
    vi.stubEnv('XDG_CACHE_HOME', file);
    expect(compileCacheDir()).toBeUndefined();
  });

  // Where a folder cannot be made although its parent exists, Node's own `mkdir -p` never
  // returns: asked in a child process, so that a regression fails at its timeout.
  it.skipIf(!existsSync('/proc/self') || !process.features.typescript)('is none, at once, where a folder cannot be made in a parent that exists', () => {
    const module = new URL('../../../runtime/agents/compile-cache.ts', import.meta.url).href;
    const script = `const { compileCacheDir } = await import(${JSON.stringify(module)}); process.stdout.write(String(compileCacheDir()));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, XDG_CACHE_HOME: '/proc/no-such-process' }, encoding: 'utf8', timeout: 20_000 });
    expect({ stdout: child.stdout, signal: child.signal }).toEqual({ stdout: 'undefined', signal: null });
  });

  it('makes every missing folder on the way, each readable by its owner only', () => {
    const home = path.join(scratch(), 'not', 'yet');
    vi.stubEnv('XDG_CACHE_HOME', home);
    expect(compileCacheDir()).toBe(path.join(home, 'coord', 'compile-cache'));
    expect(statSync(path.join(home, 'coord')).mode & 0o077).toBe(0);
  });

  describe.skipIf(uid === undefined)('is none where another user could have written to it', () => {
    it('a folder others may write to', () => {
      const home = scratch();
      mkdirSync(path.join(home, 'coord', 'compile-cache'), { recursive: true });
      chmodSync(path.join(home, 'coord', 'compile-cache'), 0o777);
      vi.stubEnv('XDG_CACHE_HOME', home);
      expect(compileCacheDir()).toBeUndefined();
    });

    it('a link to a folder', () => {
      const home = scratch();
      mkdirSync(path.join(home, 'coord'));
      symlinkSync(scratch(), path.join(home, 'coord', 'compile-cache'));
      vi.stubEnv('XDG_CACHE_HOME', home);
      expect(compileCacheDir()).toBeUndefined();
    });

    // Making a folder another user's takes root.
    it.skipIf(uid !== 0)("a folder of another user's, made first in the shared temporary folder", () => {
      const tmp = scratch();
      const planted = path.join(tmp, `coord-compile-cache-${uid}`);
      mkdirSync(planted, { mode: 0o700 });
      chownSync(planted, 65534, 65534);
      vi.stubEnv('TMPDIR', tmp);
      expect(compileCacheDir()).toBeUndefined();
    });
  });
});

/**
 * An agent whose module imports a TypeScript sibling, and reports from its thread whether that
 * thread loaded Node's TypeScript stripper (amaro, an internal module Node lists once loaded),
 * what its helper computed, and a stack trace taken on a known line.
 */
function agentProject(label = 'first'): { dir: string; file: string } {
  const dir = scratch();
  writeFileSync(path.join(dir, 'helper.ts'), `export const label: string = '${label}';\n`);
  writeFileSync(
    path.join(dir, 'probe.ts'),
    `import { label } from './helper.ts';
interface Report { stripper: boolean; label: string; stack: string }
export default function probe(): Report {
  const stack: string = new Error('here').stack ?? '';
  return { stripper: process.moduleLoadList.some((name: string) => name.includes('amaro')), label, stack };
}
`,
  );
  return { dir, file: path.join(dir, 'probe.ts') };
}

interface Report {
  stripper: boolean;
  label: string;
  stack: string;
}

/** One turn in a new thread, as a new run's first turn of that agent would be. */
async function turnInNewThread(file: string): Promise<Report> {
  return (await new FunctionPool(file).call({ args: {}, signal: new AbortController().signal, timeoutMs: 30_000 })) as Report;
}

describe.skipIf(!process.features.typescript)('a function agent written in TypeScript, in a new thread', () => {
  it('loads without the TypeScript stripper once an earlier thread stripped its modules', async () => {
    vi.stubEnv('XDG_CACHE_HOME', scratch());
    const { file } = agentProject();
    const cold = await turnInNewThread(file);
    expect(cold).toMatchObject({ stripper: true, label: 'first' });
    const warm = await turnInNewThread(file);
    expect(warm).toMatchObject({ stripper: false, label: 'first' });
  });

  it('keeps the line and column of the TypeScript source in stack traces, stripped or read back', async () => {
    vi.stubEnv('XDG_CACHE_HOME', scratch());
    const { file } = agentProject();
    const cold = await turnInNewThread(file);
    const warm = await turnInNewThread(file);
    // `new Error` is on line 4, column 25 of probe.ts.
    expect(cold.stack).toContain(`${file}:4:25`);
    expect(warm.stack).toContain(`${file}:4:25`);
  });

  it('strips a module again when its source changed since', async () => {
    vi.stubEnv('XDG_CACHE_HOME', scratch());
    const { dir, file } = agentProject('first');
    await turnInNewThread(file);
    writeFileSync(path.join(dir, 'helper.ts'), `export const label: string = 'other';\n`);
    expect(await turnInNewThread(file)).toMatchObject({ stripper: true, label: 'other' });
  });

  it('ignores a corrupt cache entry, and writes a sound one in its place', async () => {
    const home = scratch();
    vi.stubEnv('XDG_CACHE_HOME', home);
    const { file } = agentProject();
    await turnInNewThread(file);
    const entries = path.join(home, 'coord', 'compile-cache');
    for (const version of readdirSync(entries)) {
      for (const entry of readdirSync(path.join(entries, version))) {
        const bytes = Buffer.alloc(statSync(path.join(entries, version, entry)).size, 0x2a);
        writeFileSync(path.join(entries, version, entry), bytes);
      }
    }
    expect(await turnInNewThread(file)).toMatchObject({ stripper: true, label: 'first' });
    expect(await turnInNewThread(file)).toMatchObject({ stripper: false, label: 'first' });
  });

  it('runs, stripping each time, where no cache can be written', async () => {
    const file = path.join(scratch(), 'a-file');
    writeFileSync(file, '');
    vi.stubEnv('XDG_CACHE_HOME', file);
    const { file: agent } = agentProject();
    expect(await turnInNewThread(agent)).toMatchObject({ stripper: true, label: 'first' });
    expect(await turnInNewThread(agent)).toMatchObject({ stripper: true, label: 'first' });
  });
});
