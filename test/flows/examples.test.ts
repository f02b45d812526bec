import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/support/run-cli.js';
import { tempDir } from './support/flows.js';

const EXAMPLES = ['map-reduce', 'supervisor', 'approval', 'routed-memory', 'edit-before-publish', 'writers-room'];

/** The JSON the run printed after "output of <agent>:". */
function finalOutput(stdout: string): Record<string, unknown> {
  const start = stdout.indexOf('{', stdout.search(/output of \w+:/));
  let depth = 0;
  for (let i = start; i < stdout.length; i++) {
    if (stdout[i] === '{') depth++;
    if (stdout[i] === '}' && --depth === 0) return JSON.parse(stdout.slice(start, i + 1)) as Record<string, unknown>;
  }
  throw new Error(`no output printed:\n${stdout}`);
}

describe('the flow examples', () => {
  it('are lint clean', async () => {
    const result = await runCli(['lint', '--max-warnings', '0', ...EXAMPLES.map((name) => `examples/${name}`)]);
    expect(result.stdout).toContain(`no problems in ${EXAMPLES.length} files`);
    expect(result.code).toBe(0);
  });

  for (const name of EXAMPLES) {
    it(`${name} runs under --simulate`, async () => {
      const result = await runCli(['run', `examples/${name}/flow.coord`, '--simulate', '--seed', '3', '--runs-dir', tempDir()]);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('outcome: done');
      expect(result.code).toBe(0);
    });
  }

  it('map-reduce summarises every chunk and the reducer reads the summaries in item order', async () => {
    const result = await runCli(['run', 'examples/map-reduce/flow.coord', '--runs-dir', tempDir()]);
    expect(result.code).toBe(0);
    const output = finalOutput(result.stdout);
    const sentences = readFileSync('examples/map-reduce/text/report.txt', 'utf8').match(/[^.!?]+[.!?]+(?=\s|$)/g)!.length;
    const chunks = Math.ceil(sentences / 3);
    expect(output.chunks).toBe(chunks);
    expect(output.order).toEqual([...Array(chunks).keys()]);
    expect(output.recurring).toEqual(['authority']);
  });

  it('supervisor routes stats, outliers, histogram, then both reviews pass', async () => {
    const result = await runCli(['run', 'examples/supervisor/flow.coord', '--runs-dir', tempDir()]);
    expect(result.code).toBe(0);
    const report = String(finalOutput(result.stdout).report);
    expect(report).toContain('mean=373.2 median=212.5');
    expect(report).toContain('outliers: #5=1890 #12=2410');
    expect(finalOutput(result.stdout).approved).toBe(true);
    expect(result.stdout).toMatch(/checker.*review\/b1|review\/b1.*checker/);
  });

  it('supervisor skips the outlier worker when the data has none', async () => {
    const dir = tempDir();
    const input = join(dir, 'input.json');
    writeFileSync(input, JSON.stringify({ name: 'steady', values: [10, 11, 12, 11, 10, 12, 11] }));
    const result = await runCli(['run', 'examples/supervisor/flow.coord', '--input', input, '--runs-dir', join(dir, 'runs')]);
    expect(result.code).toBe(0);
    const report = String(finalOutput(result.stdout).report);
    expect(report).toContain('suspicious=false');
    expect(report).not.toContain('outliers:');
  });

  it('approval waits for a person, and publishes the file only once approved', async () => {
    const dir = tempDir();
    const runs = join(dir, 'runs');
    const out = join(dir, 'notes.md');
    const input = join(dir, 'input.json');
    writeFileSync(input, JSON.stringify({ out, version: '1.2.0' }));
    const waiting = await runCli(['run', 'examples/approval/flow.coord', '--input', input, '--run-id', 'a', '--runs-dir', runs]);
    expect(waiting.code).toBe(3);
    expect(() => readFileSync(out)).toThrow();
    // The person sees what they are asked to publish: the draft, under the question.
    const shown = (stdout: string) => stdout.slice(stdout.lastIndexOf('waiting for input at publish'));
    expect(shown(waiting.stdout)).toMatch(/Publish these release notes\?\n +from drafter:\n +# Release 1\.2\.0/);
    expect(shown(waiting.stdout)).toContain('## Documentation');
    const rejected = await runCli(['resume', 'a', '--input', 'no', '--runs-dir', runs]);
    expect(rejected.code).toBe(3);
    // Asked again, about the new draft.
    expect(shown(rejected.stdout)).toContain('## Fixed');
    expect(shown(rejected.stdout)).not.toContain('## Documentation');
    const approved = await runCli(['resume', 'a', '--input', 'yes', '--runs-dir', runs]);
    expect(approved.code).toBe(0);
    const notes = readFileSync(out, 'utf8');
    // The second, shorter draft (after the rejection) is what was published.
    expect(notes).toMatch(/^# Release 1\.2\.0/);
    expect(notes).toContain('## Fixed');
    expect(notes).not.toContain('## Documentation');
  });
});
