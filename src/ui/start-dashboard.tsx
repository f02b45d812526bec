import { render } from 'ink';
import { LiveDashboard } from './LiveDashboard.js';
import type { EventFeed, RunControl } from './run-control.js';

export interface DashboardStreams {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  color: boolean;
}

/**
 * Mounts the dashboard on a terminal; resolves once the run has finished and the
 * final summary is on screen. Ctrl-C is left to the CLI's signal handling (graceful stop).
 */
export async function startDashboard(feed: EventFeed, control: RunControl, streams: DashboardStreams): Promise<void> {
  const app = render(<LiveDashboard feed={feed} control={control} color={streams.color} />, {
    stdout: streams.stdout,
    stdin: streams.stdin,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await app.waitUntilExit();
}
