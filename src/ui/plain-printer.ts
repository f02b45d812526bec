import type { RunEvent } from '../../runtime/events.js';
import { initialView, reduce, type ViewModel } from './view-model.js';
import { formatDuration, summaryLines } from './text.js';

/**
 * Line-by-line progress for pipes, CI and `--no-tui`: the same view model as the
 * dashboard, no escape codes, one line per thing that happened, then the summary.
 * Events a resumed run regenerates from its journal update the view (so the totals
 * are whole) but are not printed again: one line says how many steps were restored.
 */
export function createPlainPrinter(write: (text: string) => void): { onEvent(event: RunEvent, meta?: { replayed: boolean }): void; view(): ViewModel } {
  let view = initialView();
  let restored = 0;
  return {
    onEvent(event, meta) {
      view = reduce(view, event);
      if (meta?.replayed) {
        if (event.type === 'turn.finished' || event.type === 'human.answered' || event.type === 'human.timedOut') restored++;
        return;
      }
      if (restored > 0) {
        write(`(${restored} finished steps restored from the journal, not run again)\n`);
        restored = 0;
      }
      const line = describe(event);
      if (line) write(`[${formatDuration(event.t).padStart(6)}] ${event.scope ? `${event.scope} ` : ''}${line}${event.simulated ? ' (simulated)' : ''}\n`);
      for (const detail of details(event)) write(detail ? `${' '.repeat(9)}${detail}\n` : '\n');
      if (event.type === 'run.finished') write(`\n${summaryLines(view).join('\n')}\n`);
    },
    view: () => view,
  };
}

/** Lines under an event's own, indented: what a person is asked to decide on, in full. */
function details(event: RunEvent): string[] {
  if (event.type !== 'human.waiting' || !event.about) return [];
  return event.about.flatMap(({ from, text }) => [`from ${from}:`, ...text.trimEnd().split('\n').map((line) => (line ? `  ${line}` : ''))]);
}

function describe(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'run.started':
      return `run ${event.runId} of ${event.workflow} started`;
    case 'turn.started':
      return `${event.agent} turn ${event.turn}`;
    case 'turn.finished':
      return `${event.agent} done: ${event.usage.input} in + ${event.usage.output} out tokens`;
    case 'tool.called':
      return `${event.agent} called ${event.tool}: ${event.tokens} tokens back${event.status === 'ok' ? '' : ` (${event.status})`}`;
    case 'turn.retry':
      return `${event.agent} retry ${event.attempt} in ${Math.round(event.delayMs)} ms: ${event.reason}`;
    case 'turn.failed':
      return `${event.agent} failed: ${event.error}`;
    case 'message.sent':
      return `${event.from} → ${event.to} (${event.mode}): ${event.delivered} of ${event.tokens} tokens delivered`;
    case 'message.overflow':
      return `overflow on ${event.channel}: ${event.tokens} > ${event.limit} tokens, policy ${event.policy}`;
    case 'squeeze':
      return `squeezed ${event.channel}: ${event.before} → ${event.after} tokens (${event.method})`;
    case 'coordinator.readout':
      return `readout for ${event.agent} on ${event.channel}: ${event.selected} segments, ${event.tokens}/${event.limit} tokens`;
    case 'budget.exceeded':
      return `budget ${event.key} (${event.level}) refused ${event.requested} tokens, ${Math.max(0, event.remaining)} left`;
    case 'human.waiting':
      return `waiting for input at ${event.node}: ${event.prompt}${event.options ? ` [${event.options.join(', ')}]` : ''}`;
    case 'human.answered':
      return `${event.node} answered: ${JSON.stringify(event.answer)}`;
    case 'human.timedOut':
      return `${event.node}: no answer in time, timeout taken`;
    case 'run.paused':
      return 'paused';
    case 'run.resumed':
      return 'resumed';
    case 'run.finished':
      return `run ${event.outcome}${event.reason ? `: ${event.reason}` : ''}`;
    default:
      return undefined;
  }
}
