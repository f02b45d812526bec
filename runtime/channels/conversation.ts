import type { Channel, Conversation, WorkflowIR } from '../../src/ir/schema.js';
import type { DeliveredMessage } from '../agents/agent.js';
import type { Emit } from '../events.js';
import { budgetKey } from '../ledger/budgets.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Tokenizer } from '../tokens/tokenizer.js';

interface Said {
  from: string;
  text: string;
}

/**
 * Shared conversations: each member's message goes into the conversation's transcript (cut
 * to its per-message budget), and at each of its turns a member reads the transcript's
 * latest messages, its own included, in order, newest kept first within the window, what is
 * left of the conversation's run budget and of the member's. A message that does not fit
 * whole is left out with everything older, so what a member reads is an unbroken stretch.
 * Reading is what is charged (to `channel:<conversation>` and `conversation:<id>/<member>`)
 * and what `message.sent` reports, one event per message read, with the reader as `to`.
 * Latent and hybrid conversations keep (some) messages in the coordinator's memory instead;
 * the router writes and reads those (router.ts), as a channel of the conversation's own.
 */
export class Conversations {
  private readonly transcripts = new Map<string, Said[]>();
  private readonly conversations: Conversation[];

  constructor(
    ir: WorkflowIR,
    private readonly ledger: Ledger,
    private readonly emit: Emit,
    private readonly tokenizerOf: (agent: string) => Tokenizer,
  ) {
    this.conversations = ir.conversations ?? [];
  }

  /** The conversations `agent` is a member of, in declaration order. */
  of(agent: string): Conversation[] {
    return this.conversations.filter((conversation) => conversation.members.includes(agent));
  }

  /** Adds what `from` said to the conversation's transcript. */
  said(conversation: Conversation, from: string, text: string): void {
    if (text === '') return;
    const perMessage = conversation.budget.perMessage;
    const tokenizer = this.tokenizerOf(from);
    const kept = perMessage !== undefined && tokenizer.count(text) > perMessage ? tokenizer.truncate(text, perMessage) : text;
    const transcript = this.transcripts.get(conversation.id) ?? [];
    transcript.push({ from, text: kept });
    this.transcripts.set(conversation.id, transcript);
  }

  /** What `member` reads from the transcripts of its conversations at this turn, charged as it is delivered. */
  read(member: string, scope?: string): DeliveredMessage[] {
    const delivered: DeliveredMessage[] = [];
    const tokenizer = this.tokenizerOf(member);
    for (const conversation of this.of(member)) {
      const keys = [budgetKey.channel(conversation.id), budgetKey.conversationMember(conversation.id, member)];
      const limit = Math.min(conversation.window, this.ledger.remainingOf(keys));
      const latest: Array<Said & { tokens: number }> = [];
      let tokens = 0;
      for (const said of [...(this.transcripts.get(conversation.id) ?? [])].reverse()) {
        const count = tokenizer.count(said.text);
        if (tokens + count > limit) break;
        latest.unshift({ ...said, tokens: count });
        tokens += count;
      }
      if (tokens === 0) continue;
      const refused = this.ledger.charge(keys, tokens);
      if (refused) throw new Error(`conversation ${conversation.id}: ${tokens} tokens fit ${limit} but the ledger refused them`);
      for (const said of latest) {
        this.emit({ type: 'message.sent', channel: conversation.id, from: said.from, to: member, mode: 'text', tokens: said.tokens, delivered: said.tokens, scope });
        delivered.push({ channel: conversation.id, from: said.from, text: said.text, tokens: said.tokens, mode: conversation.mode });
      }
    }
    return delivered;
  }
}

/**
 * A latent or hybrid conversation as the coordinator sees it: one channel (one memory) per
 * conversation, written by every member and read by each with its own query. Its readout is
 * the conversation's `readout`, else its window; what it delivers is held to the per-message
 * budget by the readout's own cut.
 */
export function conversationChannel(conversation: Conversation, from: string): Channel {
  return {
    id: conversation.id,
    from,
    to: conversation.id,
    mode: conversation.mode,
    budget: { ...(conversation.budget.perRun !== undefined ? { perRun: conversation.budget.perRun } : {}) },
    readout: conversation.readout ?? conversation.window,
    compress: { method: 'none' },
    overflow: 'truncate',
  };
}
