import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunEvent } from '../../runtime/events.js';
import { JournalRecord } from '../../runtime/store/journal.js';
import { runCoord } from '../runtime/support/spawn-coord.js';
import { hasTmux, startInTmux } from './support/tmux.js';

const TICKER = 'test/ui/fixtures/ticker.coord';

function setup(turns: number, delayMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'coord-dashboard-'));
  const input = join(dir, 'input.json');
  writeFileSync(input, JSON.stringify({ delayMs, turns }));
  return { runs: join(dir, 'runs'), input };
}

function events(runs: string, id: string): RunEvent[] {
  return readFileSync(join(runs, id, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JournalRecord.parse(JSON.parse(line)))
    .flatMap((record) => (record.kind === 'event' ? [record.event] : []));
}

const sessions: Array<{ kill(): void }> = [];
afterEach(() => sessions.splice(0).forEach((s) => s.kill()));

let count = 0;
const sessionName = () => `coord-test-${process.pid}-${count++}`;

describe.skipIf(!hasTmux)(`the dashboard in a real terminal (tmux)${hasTmux ? '' : ' — SKIPPED: tmux is not on PATH (apt-get install -y tmux)'}`, () => {
  it('shows live budgets, pauses on p, stops on q with its state saved, and resume finishes the run', async () => {
    const { runs, input } = setup(40, 150);
    const term = startInTmux(sessionName(), ['run', TICKER, '--input', input, '--runs-dir', runs, '--run-id', 'e2e'], { columns: 100, rows: 30 });
    sessions.push(term);

    await term.waitFor((s) => s.includes('Budgets') && s.includes('ping → pong'), 'the dashboard with a message');
    term.keys('p');
    await term.waitFor((s) => s.includes('[paused]'), 'the run paused');
    term.keys('?');
    await term.waitFor((s) => s.includes('pause or resume between turns'), 'the help');
    term.keys('p');
    await term.waitFor((s) => !s.includes('[paused]'), 'the run going on');
    term.keys('q');
    const last = await term.waitFor((s) => s.includes('[exit 130]'), 'coord exiting as cancelled');

    expect(last).toMatch(/^ping->pong\s+█*░+ \d+\/1000\s+\d+%$/m);
    expect(last).toMatch(/^agent ping\s+\d+ \/ 3000\s+\d+$/m);
    expect(last).toContain('outcome: cancelled');
    expect(last).toContain('continue with: coord resume e2e');

    // Saved: the journal and the snapshot, with the pause and the cancellation in it.
    expect(existsSync(join(runs, 'e2e', 'snapshot.json'))).toBe(true);
    const journaled = events(runs, 'e2e');
    expect(journaled.at(-1)).toMatchObject({ type: 'run.finished', outcome: 'cancelled' });
    const paused = journaled.findIndex((e) => e.type === 'run.paused');
    const resumed = journaled.findIndex((e) => e.type === 'run.resumed');
    expect(paused).toBeGreaterThan(0);
    expect(resumed).toBeGreaterThan(paused);
    // While paused, no new turn starts (one that had passed the gate as `p` arrived may still begin).
    expect(journaled.slice(paused, resumed).filter((e) => e.type === 'turn.started').length).toBeLessThanOrEqual(1);

    const finished = await runCoord(['resume', 'e2e', '--runs-dir', runs]);
    expect(finished.code).toBe(0);
    expect(finished.stdout).toMatch(/finished steps restored from the journal/);
    expect(finished.stdout).toMatch(/^agent pong\s+\d+ \/ 3000\s+40$/m);
    expect(finished.stdout).toContain('outcome: done');
    // Pausing is about the session, not the workflow: the journal still replays identically.
    const replay = await runCoord(['replay', 'e2e', '--runs-dir', runs]);
    expect(replay.stdout).toMatch(/identical to the journal; outcome done/);
  });

  it('fits an 80-column terminal and redraws when the window is resized', async () => {
    const { runs, input } = setup(60, 100);
    const term = startInTmux(sessionName(), ['run', TICKER, '--input', input, '--runs-dir', runs, '--run-id', 'narrow'], { columns: 80, rows: 30 });
    sessions.push(term);

    // Each budget on one line of its own: nothing wrapped at 80 columns.
    const narrow = await term.waitFor((s) => /^pong->ping\s+█*░+ [1-9]\d*\/1000\s+\d+%$/m.test(s), 'a channel bar at 80 columns');
    expect(narrow).toMatch(/^run\s+█*░+ \d+\/7000\s+\d+%$/m);

    term.resize(50, 30);
    const tiny = await term.waitFor((s) => /^ping->pong\s+█*░+ \d+\/1000\s+\d+%$/m.test(s) && barWidth(s) < barWidth(narrow), 'the bars redrawn narrower');
    expect(tiny).toContain('Budgets');
    term.resize(100, 30);
    await term.waitFor((s) => barWidth(s) > barWidth(tiny), 'the bars redrawn wider');

    term.keys('q');
    await term.waitFor((s) => s.includes('[exit 130]'), 'coord exiting as cancelled');
  });

  it('prints plain lines, not the dashboard, with --no-tui', async () => {
    const { runs, input } = setup(2, 0);
    const term = startInTmux(sessionName(), ['run', TICKER, '--no-tui', '--input', input, '--runs-dir', runs], { columns: 100, rows: 40 });
    sessions.push(term);
    const last = await term.waitFor((s) => s.includes('[exit 0]'), 'coord finishing');
    expect(last).toMatch(/ping done: \d+ in \+ \d+ out tokens/);
    expect(last).not.toContain('Budgets');
    expect(last).toContain('outcome: done');
  });
});

/** How many cells the run's budget bar has on this screen. */
function barWidth(screen: string): number {
  const line = screen.split('\n').find((l) => l.startsWith('run '));
  return line ? [...line].filter((c) => c === '█' || c === '░').length : 0;
}
