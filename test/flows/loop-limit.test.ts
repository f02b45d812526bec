import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRun } from '../../runtime/run/run.js';
import { FileRunStore } from '../../runtime/store/file-store.js';
import { compiledFixture, tempDir } from './support/flows.js';

describe('a loop limit at run time', () => {
  it('takes the transitions into its nodes five times in all, over both routes, then goes on to done', async () => {
    const { ir, machine } = await compiledFixture('loop-limit.coord');
    const dir = tempDir();
    const calls = join(dir, 'calls.txt');
    const result = await startRun({ ir, machine, store: new FileRunStore(join(dir, 'runs')), runId: 'loop', input: { calls } });
    expect(result.outcome).toBe('done');
    const turns = readFileSync(calls, 'utf8').trim().split('\n');
    expect(turns).toEqual([
      'supervisor 1', 'researcher 1', 'supervisor 2', 'coder 1', 'supervisor 3', 'researcher 2',
      'supervisor 4', 'coder 2', 'supervisor 5', 'researcher 3', 'supervisor 6',
    ]);
  });
});
