import { describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import { LiveDashboard } from '../../src/ui/LiveDashboard.js';
import { ABOUT_LINES } from '../../src/ui/components/HumanQuestion.js';
import type { RunEvent } from '../../runtime/events.js';
import type { RunControl } from '../../src/ui/run-control.js';
import { reserved, script, started } from './script.js';

function feedOf() {
  const listeners = new Set<(e: RunEvent) => void>();
  return {
    feed: (l: (e: RunEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (events: RunEvent[]) => events.forEach((e) => listeners.forEach((l) => l(e))),
  };
}

const control = (): RunControl & Record<string, ReturnType<typeof vi.fn>> =>
  ({ stop: vi.fn(), pause: vi.fn(), resume: vi.fn(), answer: vi.fn() }) as never;

const settle = () => new Promise((r) => setTimeout(r, 120));

/** Polls the last frame until it matches: the dashboard paces its frames by how long drawing takes. */
async function frameMatching(app: { lastFrame(): string | undefined }, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 100 && !pattern.test(app.lastFrame() ?? ''); i++) await settle();
  return app.lastFrame() ?? '';
}

describe('live dashboard', () => {
  it('renders events as they arrive and stops the run on q', async () => {
    const { feed, emit } = feedOf();
    const ctl = control();
    const app = render(<LiveDashboard feed={feed} control={ctl} color={false} />);
    await settle();
    emit(script(started, reserved('run', 500, 1000)));
    expect(await frameMatching(app, /run .* 500\/1000/)).toMatch(/run .* 500\/1000\s+50%/);
    app.stdin.write('q');
    await settle();
    expect(ctl.stop).toHaveBeenCalledOnce();
    app.unmount();
  });

  it('pauses and resumes on p, and shows help on ?', async () => {
    const { feed, emit } = feedOf();
    const ctl = control();
    const app = render(<LiveDashboard feed={feed} control={ctl} color={false} />);
    await settle();
    emit(script(started));
    app.stdin.write('p');
    await settle();
    expect(ctl.pause).toHaveBeenCalledOnce();
    emit(script({ type: 'run.paused' }));
    await settle();
    expect(app.lastFrame()).toContain('[paused]');
    app.stdin.write('p');
    await settle();
    expect(ctl.resume).toHaveBeenCalledOnce();
    app.stdin.write('?');
    await settle();
    expect(app.lastFrame()).toContain('pause or resume between turns');
    app.unmount();
  });

  it('asks a human step inline and sends the answer', async () => {
    const { feed, emit } = feedOf();
    const ctl = control();
    const app = render(<LiveDashboard feed={feed} control={ctl} color={false} />);
    await settle();
    emit(script(started, { type: 'human.waiting', node: 'approve', ask: 'approval', prompt: 'Publish the brief?' }));
    await settle();
    expect(app.lastFrame()).toContain('approve asks: Publish the brief?');
    app.stdin.write('y');
    await settle();
    expect(ctl.answer).toHaveBeenCalledWith('approve', true);
    expect(ctl.stop).not.toHaveBeenCalled();
    app.unmount();
  });

  it('shows what a human step is about above its question, cut to a screenful', async () => {
    const { feed, emit } = feedOf();
    const app = render(<LiveDashboard feed={feed} control={control()} color={false} />);
    await settle();
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1} of the draft`);
    emit(script(started, { type: 'human.waiting', node: 'approve', ask: 'approval', prompt: 'Publish the brief?', about: [{ from: 'writer', text: lines.join('\n') }] }));
    await settle();
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain('from writer:');
    expect(frame).toContain('line 1 of the draft');
    expect(frame).toContain(`line ${ABOUT_LINES} of the draft`);
    expect(frame).not.toContain(`line ${ABOUT_LINES + 1} of the draft`);
    expect(frame).toContain(`… ${30 - ABOUT_LINES} more lines`);
    expect(frame.indexOf('line 1 of the draft')).toBeLessThan(frame.indexOf('approve asks: Publish the brief?'));
    app.unmount();
  });

  it('shows a text answer as it is typed and sends it on Enter', async () => {
    const { feed, emit } = feedOf();
    const ctl = control();
    const app = render(<LiveDashboard feed={feed} control={ctl} color={false} />);
    await settle();
    emit(script(started, { type: 'human.waiting', node: 'note', ask: 'text', prompt: 'Anything to add?' }));
    await settle();
    app.stdin.write('ok');
    await settle();
    expect(app.lastFrame()).toContain('› ok');
    app.stdin.write('\r');
    await settle();
    expect(ctl.answer).toHaveBeenCalledWith('note', 'ok');
    app.unmount();
  });
});

describe('event feed', () => {
  it('hands the events published before anyone subscribed to the first subscriber, then passes events on', async () => {
    const { createEventFeed } = await import('../../src/ui/event-feed.js');
    const { feed, publish } = createEventFeed();
    const [first, second] = script(started, reserved('run', 10, 1000));
    publish(first!);
    const seen: RunEvent[] = [];
    const unsubscribe = feed((e) => seen.push(e));
    publish(second!);
    unsubscribe();
    publish(second!);
    expect(seen.map((e) => e.type)).toEqual(['run.started', 'budget.reserved']);
  });
});

