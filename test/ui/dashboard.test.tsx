import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Dashboard } from '../../src/ui/Dashboard.js';
import { initialView, reduce } from '../../src/ui/view-model.js';
import { reserved, script, started } from './script.js';

const viewOf = (events: ReturnType<typeof script>) => events.reduce(reduce, initialView());
const frame = (events: ReturnType<typeof script>, width = 80, color = false) =>
  render(<Dashboard view={viewOf(events)} width={width} color={color} showHelp={false} />).lastFrame() ?? '';

describe('dashboard components', () => {
  it('draws empty bars at 0%', () => {
    const out = frame(script(started));
    expect(out).toMatch(/run\s+░+ 0\/1000\s+0%/);
    expect(out).toContain('none yet');
  });

  it('draws a bar three quarters full at 75%', () => {
    const out = frame(script(started, reserved('run', 750, 1000)));
    const line = out.split('\n').find((l) => l.startsWith('run'))!;
    const filled = [...line].filter((c) => c === '█').length;
    const empty = [...line].filter((c) => c === '░').length;
    expect(filled / (filled + empty)).toBeCloseTo(0.75, 1);
    expect(line).toContain('75%');
  });

  it('shows the overflow policy when it fires', () => {
    const out = frame(script(started, { type: 'message.overflow', channel: 'planner->writer', policy: 'compress', tokens: 300, limit: 200 }));
    expect(out).toMatch(/planner->writer .*0%.* compress/);
    expect(out).toContain('overflow on planner->writer: 300 > 200 tokens, compress');
  });

  it('shows a failure and keeps the final summary on screen', () => {
    const out = frame(
      script(
        started,
        { type: 'turn.started', agent: 'planner', turn: 0 },
        { type: 'turn.failed', agent: 'planner', error: 'invalid output twice' },
        { type: 'run.finished', outcome: 'failed', reason: 'planner failed', tokens: 50, wallMs: 1200 },
      ),
    );
    expect(out).toContain('planner failed: invalid output twice');
    expect(out).toContain('outcome: failed (planner failed)');
    expect(out).toMatch(/^run\s+50 \/ 1000$/m);
  });

  it('shows a cancelled run with its summary', () => {
    const out = frame(script(started, reserved('run', 100, 1000), { type: 'run.finished', outcome: 'cancelled', reason: 'stopped by the user', tokens: 100, wallMs: 900 }));
    expect(out).toContain('outcome: cancelled (stopped by the user)');
  });

  it('stays readable at 80 columns: no line is wider than the terminal', () => {
    const long = { ...started, budgets: { run: 1000, 'agent:a_very_long_agent_name_indeed': 400 }, agents: ['a_very_long_agent_name_indeed'] } as typeof started;
    const out = frame(script(long, reserved('agent:a_very_long_agent_name_indeed', 200, 400)), 80);
    for (const line of out.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });
});
