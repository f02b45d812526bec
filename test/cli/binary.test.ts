import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateWorkflow } from '../../bench/generate-workflow.js';
import { STACK_FRAME, fixture } from './support/fixtures.js';
import { BIN, requireBuild, runBinary } from './support/run-binary.js';
import { tempProject } from './support/run-cli.js';
import { lspHandshake } from './support/lsp-stdio.js';

const coord = (args: string[], env: Record<string, string> = {}) => runBinary(args, { env });

beforeAll(requireBuild);

describe('the coord binary', () => {
  it('exits 0, 1 and 2 for a clean workflow, one with errors, and a missing file', async () => {
    expect((await coord(['lint', fixture('research-brief.coord')])).code).toBe(0);
    expect((await coord(['lint', fixture('errors/undefined-names.coord')])).code).toBe(1);
    const missing = await coord(['lint', 'no-such.coord']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot find 'no-such.coord'");
    expect(missing.stderr).not.toMatch(STACK_FRAME);
  });

  it('exits 1 on warnings with --max-warnings 0', async () => {
    expect((await coord(['lint', fixture('warnings/self-channel.coord')])).code).toBe(0);
    expect((await coord(['lint', '--max-warnings', '0', fixture('warnings/self-channel.coord')])).code).toBe(1);
  });

  it('writes no colour to a pipe, and colour with FORCE_COLOR', async () => {
    const file = fixture('errors/undefined-names.coord');
    expect((await coord(['lint', file])).stdout).not.toContain('\u001b[');
    expect((await coord(['lint', file], { NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
    expect((await coord(['lint', file], { FORCE_COLOR: '1' })).stdout).toContain('\u001b[31m');
  });

  it('exits 2 on an unknown flag, naming the command\'s --help', async () => {
    const { code, stderr } = await coord(['lint', '--frobnicate', fixture('research-brief.coord')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--frobnicate'[\s\S]*coord lint --help/);
  });

  it('prints its version', async () => {
    expect((await coord(['--version'])).stdout).toMatch(/^coord \d+\.\d+\.\d+\n$/);
  });

  it('stops quietly when the reader closes the pipe early', async () => {
    const root = await tempProject({});
    const big = path.join(root, 'big.coord');
    await writeFile(big, generateWorkflow(218));
    const child = spawn(process.execPath, [BIN, 'lint', '--format', 'json', big], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('runs a latent channel\'s coordinator with at most one line about its device, and no native noise', async () => {
    const { code, stderr } = await coord(['run', '--simulate', '--no-tui', fixture('research-brief.coord')], { CI: '1' });
    expect(code).toBe(0);
    const device = stderr.split('\n').filter((line) => line.startsWith('coordinator:'));
    expect(device.length).toBeLessThanOrEqual(1);
    // What onnxruntime's native layers print by themselves: Dawn's Vulkan warning, C++ source paths.
    expect(stderr).not.toMatch(/Vulkan:|\.cpp:\d+|\bat operator\(\)/);
  });

  it('serves the language server protocol on stdio with `coord lsp`', async () => {
    const { capabilities, shutdown, code } = await lspHandshake(process.execPath, [BIN, 'lsp', '--stdio']);
    expect(capabilities).toMatchObject({ hoverProvider: expect.anything() });
    expect(shutdown).toBeNull();
    expect(code).toBe(0);
  });
});
