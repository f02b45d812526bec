import type { CoordinatorMessage, MessageCoordinator, ReadoutQuery } from '../../../runtime/coordinator/types.js';

/**
 * A coordinator double with a memory but no model: it stores every segment, routes hybrid
 * messages by a fixed rule, and reads out every stored segment, whatever the budget, so
 * the tests can see the runtime hold readouts to their budgets.
 */
export class RecordingCoordinator implements MessageCoordinator {
  readonly written: CoordinatorMessage[] = [];
  readonly queries: ReadoutQuery[] = [];
  constructor(private readonly route: (message: CoordinatorMessage) => 'text' | 'latent' = () => 'latent') {}
  async write(message: CoordinatorMessage) {
    this.written.push(message);
    return { activeModules: [0, 2], overheadMs: 1 };
  }
  async gate(message: CoordinatorMessage) {
    return { route: this.route(message), activeModules: [1], overheadMs: 1 };
  }
  async readout(query: ReadoutQuery) {
    this.queries.push(query);
    const segments = this.written
      .filter((m) => m.channel.id === query.channel.id)
      .flatMap((m) => m.segments.map((s) => ({ message: m.id, from: m.from, text: s.text, latent: [s.index, s.tokens] })));
    return { segments, activeModules: [3], overheadMs: 1 };
  }
  async close() {}
}
