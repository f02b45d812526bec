import type { Agent } from '../../src/ir/schema.js';
import type { DeliveredMessage, MemoryEntry } from '../agents/agent.js';
import type { Tokenizer } from '../tokens/tokenizer.js';

/**
 * What agents with `memory <n> tokens` read again at each turn: their own earlier messages and
 * those they received, in the order they happened. A turn reads the newest entries that fit in
 * the agent's memory budget, oldest first; an entry that does not fit whole is left out, with
 * everything older, so what an agent remembers is always a recent, unbroken stretch.
 * Built from the turns' start and finish sections, so replay and resume rebuild the same memory.
 */
export class AgentMemory {
  private readonly entries = new Map<string, MemoryEntry[]>();

  /** What the agent reads back this turn; empty for an agent without memory. */
  recall(agent: Agent): MemoryEntry[] {
    if (agent.memory === undefined) return [];
    const kept: MemoryEntry[] = [];
    let tokens = 0;
    for (const entry of [...(this.entries.get(agent.name) ?? [])].reverse()) {
      if (tokens + entry.tokens > agent.memory) break;
      kept.push(entry);
      tokens += entry.tokens;
    }
    return kept.reverse();
  }

  /** Messages the agent read in `turn`, remembered after the turn's recall so they are not read twice in it. */
  received(agent: Agent, turn: number, inbox: readonly DeliveredMessage[]): void {
    if (agent.memory === undefined) return;
    for (const message of inbox) this.add(agent, { turn, said: false, from: message.from, channel: message.channel, text: message.text, tokens: message.tokens });
  }

  /** The agent's own message of `turn`, counted as its own tokenizer reads it. */
  said(agent: Agent, turn: number, text: string, tokenizer: Tokenizer): void {
    if (agent.memory === undefined || text === '') return;
    this.add(agent, { turn, said: true, from: agent.name, text, tokens: tokenizer.count(text) });
  }

  private add(agent: Agent, entry: MemoryEntry): void {
    const list = this.entries.get(agent.name) ?? [];
    list.push(entry);
    // Older entries than a full budget's worth can never be read again.
    let tokens = 0;
    let keepFrom = list.length;
    while (keepFrom > 0 && tokens + list[keepFrom - 1]!.tokens <= agent.memory!) tokens += list[--keepFrom]!.tokens;
    this.entries.set(agent.name, list.slice(keepFrom));
  }
}
