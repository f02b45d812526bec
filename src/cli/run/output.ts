import type { RunEvent } from '../../../runtime/events.js';
import { noHumanIO, terminalHumanIO, type HumanIO } from '../../../runtime/run/human-io.js';
import { PauseGate } from '../../../runtime/run/pause.js';
import type { RunResult } from '../../../runtime/run/run.js';
import { colorEnabled } from '../../ui/color.js';
import { createEventFeed } from '../../ui/event-feed.js';
import { createPlainPrinter } from '../../ui/plain-printer.js';
import type { RunControl } from '../../ui/run-control.js';
import type { DashboardHandle } from '../../ui/start-dashboard.js';
import { ndjsonPrinter, stopOnSignals } from './session.js';
import { coordCommand } from '../invocation.js';

/** The live dashboard, line-by-line progress, or NDJSON events. */
export type OutputMode = 'dashboard' | 'plain' | 'json';

/** `CI` (or `CONTINUOUS_INTEGRATION`) set to anything but empty, 0 or false: the convention Ink itself follows. */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  return ['CI', 'CONTINUOUS_INTEGRATION'].some((name) => {
    const value = env[name];
    return value !== undefined && value !== '' && value !== '0' && value !== 'false';
  });
}

/** The dashboard only on a terminal, outside CI, unless `--no-tui` or `--json` says otherwise. */
export function outputMode(flags: { json: boolean; noTui: boolean }, stdout: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): OutputMode {
  if (flags.json) return 'json';
  if (flags.noTui || stdout.isTTY !== true || inCi(env)) return 'plain';
  return 'dashboard';
}

/** What a run session needs from its output: where events go, who answers human steps, how it is stopped and paused. */
export interface RunOutput {
  onEvent(event: RunEvent, meta: { replayed: boolean }): void;
  human: HumanIO;
  signal: AbortSignal;
  pause?: PauseGate;
  /** After the run: lets the dashboard draw its last frame, then prints how to go on. */
  finish(result: RunResult, runDir: string): Promise<void>;
  /** Always, after the run or its failure: takes the dashboard down and stops listening for signals. */
  dispose(): void;
}

export interface OutputStreams {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

const PROCESS_STREAMS: OutputStreams = { stdout: process.stdout, stdin: process.stdin, env: process.env };

/** Sets up the output of `coord run` or `coord resume` in the given mode. */
export async function openRunOutput(mode: OutputMode, streams: OutputStreams = PROCESS_STREAMS): Promise<RunOutput> {
  if (mode === 'dashboard') return dashboardOutput(streams);
  const stopper = stopOnSignals();
  const dispose = () => stopper.dispose();
  if (mode === 'json') {
    return { onEvent: ndjsonPrinter(false, streams.stdout), human: noHumanIO, signal: stopper.signal, finish: async () => undefined, dispose };
  }
  const printer = createPlainPrinter((text) => streams.stdout.write(text));
  return {
    onEvent: (event, meta) => printer.onEvent(event, meta),
    // A person at a terminal answers human steps on the prompt line; without one, the run waits for `coord resume`.
    human: streams.stdin.isTTY === true ? terminalHumanIO(streams.stdin, streams.stdout) : noHumanIO,
    signal: stopper.signal,
    finish: async (result, runDir) => {
      streams.stdout.write(endingText(result, runDir));
    },
    dispose,
  };
}

let dashboardModule: Promise<typeof import('../../ui/start-dashboard.js')> | undefined;

/**
 * Loads Ink and React, once. Only the dashboard needs them, so plain and --json output start
 * faster; a command may call this early, so that the load overlaps checking the workflow.
 */
export function loadDashboard(): Promise<typeof import('../../ui/start-dashboard.js')> {
  // React picks its build when it loads; its development build made a busy run's drawing several times dearer.
  process.env.NODE_ENV ??= 'production';
  return (dashboardModule ??= import('../../ui/start-dashboard.js'));
}

/**
 * The Ink dashboard, mounted on the run's first event (so a workflow that cannot start
 * prints its error on a clean screen). Keys become RunControl calls: `q` stops like
 * Ctrl-C, `p` works the pause gate, human steps are answered inline.
 */
async function dashboardOutput(streams: OutputStreams): Promise<RunOutput> {
  const { startDashboard } = await loadDashboard();
  const stopper = stopOnSignals(false);
  const pause = new PauseGate();
  const inline = inlineHumanIO();
  const { feed, publish } = createEventFeed();
  const control: RunControl = {
    stop: stopper.stop,
    pause: () => pause.pause(),
    resume: () => pause.resume(),
    answer: inline.answer,
  };
  let dashboard: DashboardHandle | undefined;
  return {
    onEvent(event) {
      dashboard ??= startDashboard(feed, control, { stdout: streams.stdout, stdin: streams.stdin, color: colorEnabled(streams.stdout, streams.env) });
      publish(event);
    },
    // Without a terminal on stdin nobody can answer on the dashboard: human steps wait for `coord resume`.
    human: streams.stdin.isTTY === true ? inline.io : noHumanIO,
    signal: stopper.signal,
    pause,
    async finish(result, runDir) {
      await dashboard?.closed;
      dashboard = undefined;
      streams.stdout.write(endingText(result, runDir));
    },
    dispose() {
      dashboard?.close();
      stopper.dispose();
    },
  };
}

/** Human steps answered on the dashboard: each question waits until `answer` names its step, or the run stops. */
function inlineHumanIO(): { io: HumanIO; answer(node: string, value: unknown): void } {
  const waiting = new Map<string, (value: unknown) => void>();
  return {
    io: {
      ask: (question, signal) =>
        new Promise((resolve) => {
          const settle = (value: unknown) => {
            waiting.delete(question.node);
            signal.removeEventListener('abort', onAbort);
            resolve(value);
          };
          // Nobody answered before the run stopped: it waits for `coord resume`.
          const onAbort = () => settle(undefined);
          waiting.set(question.node, settle);
          signal.addEventListener('abort', onAbort, { once: true });
        }),
    },
    answer: (node, value) => waiting.get(node)?.(value),
  };
}

/** After the summary: the last agent's output when the run is done, where the run is kept, and how to continue it. */
export function endingText(result: RunResult, runDir: string): string {
  let text = '';
  const last = result.events.findLast((event) => event.type === 'turn.finished');
  if (result.outcome === 'done' && last?.type === 'turn.finished') text += `\noutput of ${last.agent}:\n${JSON.stringify(last.output, null, 2)}\n`;
  text += `\nrun log: ${runDir}\n`;
  if (result.outcome === 'waiting_for_input') {
    text += `continue with: ${coordCommand()} resume ${result.runId} --input '<answer>'${result.question ? ` --question ${result.question}` : ''}\n`;
  } else if (result.outcome === 'cancelled') text += `continue with: ${coordCommand()} resume ${result.runId}\n`;
  return text;
}
