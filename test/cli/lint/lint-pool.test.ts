import { beforeAll, describe, expect, it } from 'vitest';
import { generateWorkflow } from '../../../bench/generate-workflow.js';
import { ROOT, requireBuild, runBinary } from '../support/run-binary.js';
import { tempProject } from '../support/run-cli.js';

/**
 * The built CLI (its bundle, with the worker as an entry of its own, as users run it): a lint
 * on worker threads prints what a lint on the main thread prints, byte for byte, with the same
 * exit status, in every format.
 */
describe('coord lint on worker threads (the built binary)', () => {
  let generated: string;

  beforeAll(async () => {
    requireBuild();
    const big = generateWorkflow(60);
    const importer = (name: string) => `import "shared.coord"\nworkflow ${name} {\n  agent a { model "openai:x" }\n  flow {\n    start a\n    a -> done\n  }\n}\n`;
    generated = await tempProject({
      'big/a.coord': big,
      'big/b.coord': big.replace('budget 2400000 tokens', 'budget 0 tokens'),
      'big/c.coord': big,
      'one.coord': importer('one'),
      'two.coord': importer('two'),
      'shared.coord': 'agent helper {\n  model "openai:x"\n}\nagent helper {\n  model "openai:y"\n}\n',
      'broken.coord': 'workflow broken {\n  agent a { model "openai:x" }\n  flow {\n    start a\n    a -> b\n  }\n',
    });
  });

  async function bothWays(args: string[], cwd: string) {
    const alone = await runBinary(['lint', '--workers', '0', ...args], { cwd });
    const pooled = await runBinary(['lint', '--workers', '3', ...args], { cwd });
    return { alone, pooled };
  }

  it.each(['pretty', 'json', 'sarif', 'github'])('prints the same for generated workflows with errors among them, as %s', async (format) => {
    const { alone, pooled } = await bothWays(['--format', format, '.'], generated);
    expect(alone.code).toBe(1);
    expect(alone.stdout).toContain('COORD');
    expect(pooled).toEqual(alone);
  });

  it.each(['examples', 'workflows'])("prints the same for the repository's %s", async (folder) => {
    for (const format of ['pretty', 'json']) {
      const { alone, pooled } = await bothWays(['--format', format, folder], ROOT);
      expect(alone.stdout.length).toBeGreaterThan(0);
      expect(pooled, `${folder} as ${format}`).toEqual(alone);
    }
  });
});
