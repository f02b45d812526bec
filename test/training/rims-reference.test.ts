import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const env = { ...process.env, OPENBLAS_NUM_THREADS: '1' };
/** The first python3 that can import `module`: a pyenv shim may shadow Debian's, which has torch. */
const pythonWith = (module: string): string | undefined =>
  ['python3', '/usr/bin/python3'].find((bin) => spawnSync(bin, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0);
const torchPython = pythonWith('torch');
const plainPython = pythonWith('json');
const python = (bin: string, args: string[]) => spawnSync(bin, args, { cwd: root, encoding: 'utf8', env });

/** Written by `training/copying.py --models reference` (or `--models lstm`, a baseline under the same protocol). */
interface ReferenceRow {
  label: string;
  train_steps: number;
  train_dormant: number;
  ce_50: number;
  ce_200: number;
  ce_all_50: number;
  ce_all_200: number;
}
interface ReferenceResults {
  command: string;
  models: Record<string, ReferenceRow>;
}
const resultsDir = new URL('../../training/results/', import.meta.url);
const runs = readdirSync(resultsDir)
  .filter((name) => /^copying-reference.*\.json$/.test(name))
  .map((name) => [name, JSON.parse(readFileSync(new URL(name, resultsDir), 'utf8')) as ReferenceResults] as const);

// CI installs no torch; the core's checks then cannot run, and the results files are still checked below.
describe.skipIf(!torchPython)('training/rims_reference.py (needs a python3 with torch)', () => {
  it('passes its self-test: shapes, exactly k modules updated, the null input, gradients', () => {
    const run = python(torchPython!, ['training/rims_reference.py', '--self-test']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('self-test passed');
  });

  it('self-test fails when every module updates (top-k broken) or the input is read past the null slot', () => {
    for (const [broken, why] of [
      ['RimsReferenceCell.select = lambda self, attend: torch.ones_like(attend)', 'exactly k = 4'],
      ['RimsReferenceCell.input_attention = lambda self, x, h: (torch.sigmoid(self.in_query(h).sum(2)), self.in_value(x + 1).unsqueeze(1).expand(-1, self.modules_, -1))', 'a zero input'],
    ]) {
      const run = python(torchPython!, ['-c', `import sys, torch; sys.path.insert(0, 'training')\nfrom rims_reference import *\n${broken}\ntry:\n    self_test()\nexcept AssertionError as e:\n    print('caught', e)`]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(`caught ${why}`);
    }
  });
});

describe('copying-reference results', () => {
  it('exist, the official script\'s core among them', () => expect(runs.some(([, r]) => 'reference' in r.models)).toBe(true));

  it.each(runs)('%s reports both CE definitions consistently', (_, r) => {
    // The official script's core, or a baseline trained under the same protocol beside it.
    expect(r.command).toMatch(/--models (reference|lstm)\b/);
    for (const row of Object.values(r.models)) {
      expect(row.train_steps).toBeGreaterThan(0);
      for (const d of [50, 200] as const) {
        const recall = row[`ce_${d}`];
        const every = row[`ce_all_${d}`];
        expect(Number.isFinite(recall) && Number.isFinite(every)).toBe(true);
        // All positions = (10 recall steps + the blanks and delimiter) / (d + 21), and a blank's CE is ≥ 0.
        expect(every).toBeGreaterThanOrEqual((recall * 10) / (d + 21) - 1e-6);
      }
    }
  });

  it.skipIf(!plainPython)("appear in the model card's copying section with both CEs", () => {
    const run = python(plainPython!, ['-c', "import sys; sys.path.insert(0, 'training'); import card; print(card._copying_section())"]);
    expect(run.status, run.stderr).toBe(0);
    for (const [, r] of runs) {
      expect(run.stdout).toContain(`\`${r.command}\``);
      for (const row of Object.values(r.models)) {
        const line = run.stdout.split('\n').find((l) => l.startsWith(`| ${row.label} |`) && l.includes(`| ${row.train_steps.toLocaleString('en-US')} |`) && l.includes(`| ${row.train_dormant} |`));
        expect(line, row.label).toBeDefined();
        const cells = line!.split('|').map((cell) => cell.trim());
        for (const value of [row.ce_50, row.ce_all_50, row.ce_200, row.ce_all_200]) expect(cells).toContain(value.toFixed(4));
      }
    }
  });
});
