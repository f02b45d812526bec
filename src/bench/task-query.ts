import type { CoordinatorMessage, GateQuery, MessageCoordinator, ReadoutQuery } from '../../runtime/coordinator/types.js';

/**
 * Fixes the readout query of each receiver to its task in words (the family's
 * `query`, the same text the training episodes carry). The runtime's own query
 * appends the run input, and in coordbench the run input is the whole task
 * instance, answer included: a coordinator must not be asked with the answer key,
 * neither by a readout nor by a hybrid gate.
 */
export class TaskQueryCoordinator implements MessageCoordinator {
  constructor(
    private readonly inner: MessageCoordinator,
    private readonly queryFor: (receiver: string) => string | undefined,
  ) {}

  write(message: CoordinatorMessage) {
    return this.inner.write(message);
  }

  gate(request: GateQuery) {
    return this.inner.gate({ ...request, query: this.queryFor(request.message.to) ?? request.query });
  }

  readout(query: ReadoutQuery) {
    return this.inner.readout({ ...query, query: this.queryFor(query.receiver) ?? query.query });
  }

  close() {
    return this.inner.close();
  }
}
