import type { CoordinatorMessage, GateQuery, MessageCoordinator, ReadoutQuery } from '../../../runtime/coordinator/types.js';

/**
 * A coordinator double with a memory but no model: it stores every segment, routes hybrid
 * messages by a fixed rule, and reads out every stored segment, whatever the budget, so
 * the tests can see the runtime hold readouts to their budgets.
 */
export class RecordingCoordinator implements MessageCoordinator {
  readonly written: CoordinatorMessage[] = [];
  readonly queries: ReadoutQuery[] = [];
  /** What each hybrid gate was asked: the receiver's standing query. */
  readonly gateQueries: string[] = [];
  constructor(private readonly route: (message: CoordinatorMessage) => 'text' | 'latent' = () => 'latent') {}
  async write(message: CoordinatorMessage) {
    this.written.push(message);
    return { overheadMs: 1 };
  }
  async gate({ message, query }: GateQuery) {
    this.gateQueries.push(query);
    return { route: this.route(message), overheadMs: 1 };
  }
  async readout(query: ReadoutQuery) {
    this.queries.push(query);
    const segments = this.written
      .filter((m) => m.channel.id === query.channel.id)
      .flatMap((m) => m.segments.map((s) => ({ message: m.id, from: m.from, text: s.text, latent: [s.index, s.tokens] })));
    return { segments, overheadMs: 1 };
  }
  async close() {}
}
