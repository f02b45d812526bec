import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useApp, useInput, useStdin, useWindowSize } from 'ink';
import type { RunEvent } from '../../runtime/events.js';
import { Dashboard } from './Dashboard.js';
import { initialView, reduce, type ViewModel } from './view-model.js';
import type { EventFeed, RunControl } from './run-control.js';

/** Events are folded in batches, at most this often, so a busy run is not slowed by rendering. */
const FLUSH_MS = 50;
/** Drawing may take at most about this share of the time: a frame that cost 6 ms is followed by 120 ms without one. */
const RENDER_SHARE = 0.05;
/** However slow a frame was (the first, before the JIT warms up), the screen is never staler than this. */
const MAX_FLUSH_MS = 250;
const IMMEDIATE = new Set<RunEvent['type']>(['run.finished', 'human.waiting', 'run.paused', 'run.resumed']);

export interface LiveDashboardProps {
  feed: EventFeed;
  control: RunControl;
  color: boolean;
  /** How long the last frame took to draw, in ms (from Ink's onRender), to pace the next one. */
  lastFrameMs?: () => number;
}

/** The interactive dashboard: subscribes to run events, renders them, and maps keys to run control. */
export function LiveDashboard({ feed, control, color, lastFrameMs }: LiveDashboardProps) {
  const { exit } = useApp();
  const { columns } = useWindowSize();
  // Keys need a terminal on stdin too (`coord run … < file` has none): then the dashboard only watches.
  const { isRawModeSupported } = useStdin();
  const [view, setView] = useState<ViewModel>(initialView);
  const [showHelp, setShowHelp] = useState(false);
  const [draft, setDraft] = useState('');
  const pending = useRef<RunEvent[]>([]);
  // What the last frame cost: React's render and commit (measured here) plus Ink's drawing (lastFrameMs).
  const renderStarted = performance.now();
  const reconcileMs = useRef(0);
  useLayoutEffect(() => {
    reconcileMs.current = performance.now() - renderStarted;
  });

  useEffect(() => {
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      const events = pending.current;
      pending.current = [];
      setView((v) => events.reduce(reduce, v));
    };
    const unsubscribe = feed((event) => {
      pending.current.push(event);
      // The last event, human questions and pauses are shown at once; the rest are batched.
      if (IMMEDIATE.has(event.type)) {
        if (timer) clearTimeout(timer);
        flush();
      } else if (!timer) {
        const frameMs = reconcileMs.current + (lastFrameMs?.() ?? 0);
        timer = setTimeout(flush, Math.min(MAX_FLUSH_MS, Math.max(FLUSH_MS, frameMs / RENDER_SHARE)));
      }
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [feed, lastFrameMs]);

  useEffect(() => {
    // Leave the final frame (with the summary) on screen, then let the CLI go on.
    if (view.outcome) setTimeout(() => exit(), 0);
  }, [view.outcome, exit]);

  useInput((input, key) => {
    // Raw mode swallows SIGINT, so Ctrl-C arrives here: it stops the run gracefully, like `q`.
    if (key.ctrl && input === 'c') {
      control.stop();
      return;
    }
    const waiting = view.waiting;
    if (waiting) {
      answerKey(waiting, input, key.return, key.backspace || key.delete, draft, setDraft, control);
      return;
    }
    if (input === 'q') control.stop();
    else if (input === 'p') (view.paused ? control.resume() : control.pause());
    else if (input === '?') setShowHelp((s) => !s);
  }, { isActive: isRawModeSupported === true });

  return <Dashboard view={view} width={Math.max(40, Math.min(columns, 120))} color={color} showHelp={showHelp} draft={draft} />;
}

function answerKey(
  waiting: NonNullable<ViewModel['waiting']>,
  input: string,
  enter: boolean,
  erase: boolean,
  draft: string,
  setDraft: (s: string) => void,
  control: RunControl,
): void {
  if (waiting.ask === 'approval') {
    if (input === 'y' || input === '1') control.answer(waiting.node, true);
    if (input === 'n' || input === '2') control.answer(waiting.node, false);
    return;
  }
  if (waiting.ask === 'choice') {
    const option = waiting.options?.[Number(input) - 1];
    if (option !== undefined) control.answer(waiting.node, option);
    return;
  }
  if (enter) {
    control.answer(waiting.node, draft);
    setDraft('');
  } else if (erase) setDraft(draft.slice(0, -1));
  else setDraft(draft + input);
}
