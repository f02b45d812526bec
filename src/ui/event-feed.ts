import type { RunEvent } from '../../runtime/events.js';
import type { EventFeed } from './run-control.js';

/**
 * A feed the run publishes into and the dashboard subscribes to. Events published
 * before anyone subscribed (the dashboard mounts after the run has started) are kept
 * and handed to the first subscriber, so the view never misses `run.started`.
 */
export function createEventFeed(): { feed: EventFeed; publish(event: RunEvent): void } {
  const listeners = new Set<(event: RunEvent) => void>();
  let backlog: RunEvent[] | undefined = [];
  return {
    feed(listener) {
      listeners.add(listener);
      if (backlog) {
        const kept = backlog;
        backlog = undefined;
        for (const event of kept) listener(event);
      }
      return () => listeners.delete(listener);
    },
    publish(event) {
      if (backlog) backlog.push(event);
      else for (const listener of listeners) listener(event);
    },
  };
}
