import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/ui/progress.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, write: (chunk: string) => chunks.push(chunk), chunks };
}

describe('progress of long commands', () => {
  it('redraws one line in place on a terminal: done/total, rate and ETA', () => {
    let clock = 0;
    const out = stream(true);
    const progress = createProgress({ total: 10, label: 'episodes', stream: out, now: () => clock });
    clock = 2000;
    progress.tick(4);
    expect(out.chunks.at(-1)).toBe('\r\x1b[2Kepisodes 4/10 2.0/s eta 3.0s');
    clock = 5000;
    progress.tick(6);
    progress.finish();
    expect(out.chunks.at(-1)).toBe('\r\x1b[2Kepisodes 10/10 2.0/s eta —\n');
  });

  it('prints a plain line now and then, and the last one, elsewhere', () => {
    let clock = 0;
    const out = stream(false);
    const progress = createProgress({ total: 3, label: 'runs', stream: out, now: () => clock, lineEveryMs: 1000 });
    clock = 100;
    progress.tick();
    clock = 200;
    progress.tick();
    clock = 300;
    progress.tick();
    expect(out.chunks).toEqual(['runs 1/3 10.0/s eta 0.2s\n', 'runs 3/3 10.0/s eta —\n']);
    expect(out.chunks.join('')).not.toMatch(/\x1b\[/);
  });
});
