import type { RunEvent } from '../../../runtime/events.js';

/**
 * One line per event a person wants to follow, or undefined for bookkeeping events
 * (reservations, state entries). A consumer of events, like the dashboard: the runtime
 * never prints.
 */
export function progressLine(event: RunEvent): string | undefined {
  const where = event.scope ? ` [${event.scope}]` : '';
  const sim = event.simulated ? ' (simulated)' : '';
  switch (event.type) {
    case 'run.started':
      return `run ${event.runId}: workflow ${event.workflow}${budgetText(event.budgets.run)}${sim}`;
    case 'run.resumed':
      return `run ${event.runId}: resumed`;
    case 'turn.started':
      return `${event.agent}${where}: turn ${event.turn}`;
    case 'turn.finished':
      return `${event.agent}${where}: turn ${event.turn} done, ${event.usage.input} in + ${event.usage.output} out tokens${event.cost !== undefined ? `, $${event.cost.toFixed(4)}` : ''}`;
    case 'turn.retry':
      return `${event.agent}${where}: retry ${event.attempt} in ${Math.round(event.delayMs)} ms (${event.reason})`;
    case 'turn.failed':
      return `${event.agent}${where}: failed: ${event.error}`;
    case 'message.sent':
      return `  ${event.channel} (${event.mode}): ${event.tokens} tokens written, ${event.delivered} delivered`;
    case 'message.overflow':
      return `  ${event.channel}: ${event.tokens} tokens over the limit of ${event.limit}, ${event.policy}`;
    case 'squeeze':
      return `  ${event.channel}: ${event.method} ${event.before} → ${event.after} tokens`;
    case 'coordinator.step':
      return `  ${event.channel}: coordinator step, ${event.segments} segments${event.gate ? `, gate ${event.gate}` : ''}`;
    case 'coordinator.readout':
      return `  ${event.channel} → ${event.agent}: readout of ${event.selected} segments, ${event.tokens}/${event.limit} tokens`;
    case 'budget.exceeded':
      return `budget ${event.key} (${event.level}) exceeded: ${event.requested} requested, ${event.remaining} left`;
    case 'human.waiting':
      return `${event.node}: waiting for a person: ${event.prompt}${event.options ? ` [${event.options.join(', ')}]` : ''}`;
    case 'human.answered':
      return `${event.node}: answered ${JSON.stringify(event.answer)}`;
    case 'run.finished':
      return `run ${event.runId}: ${event.outcome}${event.reason ? `: ${event.reason}` : ''}`;
    default:
      return undefined;
  }
}

function budgetText(limit: number | undefined): string {
  return limit === undefined ? '' : `, budget ${limit} tokens`;
}
