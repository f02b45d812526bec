import { describe, expect, it } from 'vitest';
import { LintJson } from '../../src/cli/output/json.js';
import { ROOT } from './support/run-binary.js';
import { runCli } from './support/run-cli.js';

describe("the project's own workflows", () => {
  it('examples/ and workflows/ lint with no findings at all, each within its budget', async () => {
    const { code, stdout } = await runCli(['lint', '--format', 'json', '--max-warnings', '0', 'examples', 'workflows'], { cwd: ROOT });
    const report = LintJson.parse(JSON.parse(stdout));
    expect(report.files.flatMap((f) => f.diagnostics)).toEqual([]);
    expect(code).toBe(0);
    for (const file of report.files) {
      expect(file.budgetBound?.tokens, file.file).toBeLessThanOrEqual(file.budgetBound!.budget!);
    }
  });

  it('are all in canonical style, so `coord fmt` round-trips every one of them', async () => {
    const dirs = ['examples', 'workflows', 'test/fixtures/valid', 'test/flows/fixtures', 'test/runtime/fixtures', 'test/ui/fixtures', 'bench/fixtures'];
    const { code, stdout, stderr } = await runCli(['fmt', '--check', ...dirs], { cwd: ROOT });
    expect(stdout + stderr).toBe('');
    expect(code).toBe(0);
  });
});
