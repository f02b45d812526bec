import type {
  CoordinatorMessage,
  CoordinatorStep,
  GateDecision,
  MessageCoordinator,
  Readout,
  ReadoutQuery,
} from '../../runtime/coordinator/types.js';
import { isNeeded, type TaskInstance } from './task.js';

/**
 * The ceiling for latent channels: a coordinator that knows the task and reads
 * out exactly the segments the receiver needs (the episodes' `needs`), in arrival
 * order, within the budget. It is a reference point for the plots, never a
 * stand-in for the learned model.
 */
export class OracleCoordinator implements MessageCoordinator {
  private readonly memory = new Map<string, { message: string; from: string; text: string }[]>();

  constructor(private readonly instance: TaskInstance) {}

  async write(message: CoordinatorMessage): Promise<CoordinatorStep> {
    const stored = this.memory.get(message.channel.id) ?? [];
    for (const segment of message.segments) stored.push({ message: message.id, from: message.from, text: segment.text });
    this.memory.set(message.channel.id, stored);
    return { activeModules: [], overheadMs: 0 };
  }

  async gate(): Promise<GateDecision> {
    return { route: 'latent', activeModules: [], overheadMs: 0 };
  }

  async readout(query: ReadoutQuery): Promise<Readout> {
    const chosen: { message: string; from: string; text: string }[] = [];
    for (const s of this.memory.get(query.channel.id) ?? []) {
      if (!isNeeded(this.instance, query.receiver, s.text)) continue;
      if (query.countTokens([...chosen, s].map((c) => c.text).join('\n')) <= query.budgetTokens) chosen.push(s);
    }
    return { segments: chosen.map((s) => ({ ...s, latent: [] })), activeModules: [], overheadMs: 0 };
  }

  async close(): Promise<void> {
    this.memory.clear();
  }
}
