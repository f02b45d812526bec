import { render } from 'ink';
import { LiveDashboard } from './LiveDashboard.js';
import type { EventFeed, RunControl } from './run-control.js';

export interface DashboardStreams {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  color: boolean;
}

export interface DashboardHandle {
  /** Settles once the run has finished and the final summary is on screen. */
  closed: Promise<void>;
  /** Takes the dashboard down at once (the run failed before it could finish). */
  close(): void;
}

/**
 * Mounts the dashboard on a terminal. Keys arrive in raw mode, so Ctrl-C reaches the
 * dashboard as a key, which stops the run gracefully like `q`.
 */
export function startDashboard(feed: EventFeed, control: RunControl, streams: DashboardStreams): DashboardHandle {
  let lastFrameMs = 0;
  const app = render(<LiveDashboard feed={feed} control={control} color={streams.color} lastFrameMs={() => lastFrameMs} />, {
    stdout: streams.stdout,
    stdin: streams.stdin,
    exitOnCtrlC: false,
    patchConsole: false,
    // Only changed lines are rewritten: a busy run sends the terminal far fewer bytes.
    incrementalRendering: true,
    onRender: ({ renderTime }) => {
      lastFrameMs = renderTime;
    },
  });
  return { closed: app.waitUntilExit().then(() => undefined), close: () => app.unmount() };
}
