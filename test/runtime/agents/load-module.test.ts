import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importAgentModule } from '../../../runtime/agents/load-module.js';
import { requireBuild, runBinary } from '../../cli/support/run-binary.js';
import { tempProject } from '../../cli/support/run-cli.js';

// Through the built binary in a child process: inside vitest, import() goes through vitest's own
// TypeScript transform, so only a real Node process shows what users get.
beforeAll(requireBuild);

/** Each agent says its own name, so the run's output shows that all four loaded and ran. */
const AGENTS = {
  // Erasable syntax and import.meta.url: Node's own type stripping loads it.
  'agents/plain.ts': `import { readFile } from 'node:fs/promises';
export function shout(text: string): string { return text.toUpperCase(); }
export default async function plain(): Promise<{ message: string }> {
  const word: string = (await readFile(new URL('../word.txt', import.meta.url), 'utf8')).trim();
  return { message: shout(word) };
}
`,
  // A '.js' specifier naming a '.ts' sibling, as tsc wants it written: tsx resolves it.
  'agents/helper.ts': `export const suffix = (text: string): string => text + ' via helper';\n`,
  'agents/imports.ts': `import { suffix } from './helper.js';
export default function imports(args: { inbox: { text: string }[] }) { return { message: suffix(args.inbox[0]?.text ?? '') }; }
`,
  // TypeScript-only syntax (an enum) that type stripping refuses: tsx transforms it.
  'agents/enum.ts': `enum Mood { Calm = 'calm' }
export default function enumerated(args: { inbox: { text: string }[] }) { return { message: args.inbox[0]?.text + ' ' + Mood.Calm }; }
`,
  // A single named export and no default.
  'agents/named.ts': `export function only(args: { inbox: { text: string }[] }) { return { message: args.inbox[0]?.text + ' named' }; }\n`,
  'word.txt': 'loaded\n',
  'flow.coord': `workflow shapes {
  budget 4000 tokens

  agent plain { function "./agents/plain.ts" budget 200 tokens per turn }
  agent imports { function "./agents/imports.ts" budget 200 tokens per turn }
  agent enumerated { function "./agents/enum.ts" budget 200 tokens per turn }
  agent named { function "./agents/named.ts" budget 200 tokens per turn }

  channel plain -> imports
  channel imports -> enumerated
  channel enumerated -> named

  flow {
    start plain
    plain -> imports
    imports -> enumerated
    enumerated -> named
    named -> done
  }
}
`,
};

/** An agent that says whether its thread loaded Node's TypeScript stripper (amaro, an internal module Node lists once loaded). */
const PROBE = {
  'agents/probe.ts': `export default function probe(): { message: string } {
  const loaded: boolean = process.moduleLoadList.some((name: string) => name.includes('amaro'));
  return { message: loaded ? 'stripper loaded' : 'stripper not loaded' };
}
`,
  'probe.coord': `workflow probe {
  budget 1000 tokens
  agent probe { function "./agents/probe.ts" budget 200 tokens per turn }
  flow {
    start probe
    probe -> done
  }
}
`,
};

describe('function agents written in TypeScript', () => {
  it('load from a folder with no package.json: type stripping where it suffices, tsx where it does not', async () => {
    const root = await tempProject(AGENTS);
    const { code, stdout, stderr } = await runBinary(['run', '--no-tui', 'flow.coord'], { cwd: root });
    expect(stderr).toBe('');
    expect(stdout).toContain('LOADED via helper calm named');
    expect(code).toBe(0);
  });

  it('load the same way again from the compile cache the first run left, without the TypeScript stripper (compile-cache.ts)', async () => {
    const root = await tempProject({ ...AGENTS, ...PROBE });
    const env = { XDG_CACHE_HOME: path.join(root, 'cache') };
    const said: string[] = [];
    for (const run of ['first', 'second']) {
      const { code, stdout, stderr } = await runBinary(['run', '--no-tui', 'flow.coord'], { cwd: root, env });
      expect({ run, stderr }).toEqual({ run, stderr: '' });
      expect(stdout).toContain('LOADED via helper calm named');
      expect(code).toBe(0);
      const probe = await runBinary(['run', '--no-tui', 'probe.coord'], { cwd: root, env });
      expect(probe.code).toBe(0);
      said.push(/stripper (loaded|not loaded)/.exec(probe.stdout)?.[0] ?? probe.stdout);
    }
    expect(said).toEqual(['stripper loaded', 'stripper not loaded']);
    expect(readdirSync(path.join(root, 'cache', 'coord', 'compile-cache'))).not.toEqual([]);
  });

  it('load from a folder whose package.json says CommonJS', async () => {
    const root = await tempProject({ ...AGENTS, 'package.json': '{ "type": "commonjs" }\n' });
    const { code, stdout, stderr } = await runBinary(['run', '--no-tui', 'flow.coord'], { cwd: root });
    expect(stderr).toBe('');
    expect(stdout).toContain('LOADED via helper calm named');
    expect(code).toBe(0);
  });


  it('hands process warnings back as they were, when imports overlap and finish out of order', async () => {
    const root = await tempProject(AGENTS);
    const before = process.emitWarning;
    const loaded = await Promise.all(['plain.ts', 'enum.ts', 'named.ts', 'plain.ts'].map((file) => importAgentModule(path.join(root, 'agents', file))));
    expect(loaded.every((module) => Object.values(module).some((value) => typeof value === 'function'))).toBe(true);
    expect(process.emitWarning).toBe(before);
  });
});
