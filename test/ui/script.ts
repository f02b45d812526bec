import type { RunEvent } from '../../runtime/events.js';

type Body = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'runId' | 'seq' | 't'> : never) : never;

/** Builds a scripted event stream: sequence numbers and times filled in, in order. */
export function script(...bodies: Body[]): RunEvent[] {
  return bodies.map((body, i) => ({ runId: 'r1', seq: i, t: i * 100, ...body }) as RunEvent);
}

export const started: Body = {
  type: 'run.started',
  workflow: 'brief',
  irHash: 'abc',
  budgets: { run: 1000, 'agent:planner': 400, 'agent:writer': 400, 'channel:planner->writer': 200 },
  agents: ['planner', 'writer'],
  channels: [{ id: 'planner->writer', from: 'planner', to: 'writer', mode: 'text' }],
};

export function reserved(key: string, used: number, limit: number): Body {
  return { type: 'budget.reserved', key, tokens: used, used, limit };
}
