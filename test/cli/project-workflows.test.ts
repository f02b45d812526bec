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
});
