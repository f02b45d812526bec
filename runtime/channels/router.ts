import { channelBudget } from '../../src/ir/channel-budget.js';
import type { Agent, Channel, Conversation, WorkflowIR } from '../../src/ir/schema.js';
import type { AgentRunner, DeliveredMessage } from '../agents/agent.js';
import type { CoordinatorMessage, MessageCoordinator } from '../coordinator/types.js';
import { budgetKey } from '../ledger/budgets.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Emit } from '../events.js';
import { evaluateGuard, type Outputs } from '../guards/evaluate.js';
import { segmentText } from '../text/segment.js';
import { tokenizerOfAgent, type Tokenizer } from '../tokens/tokenizer.js';
import { DEFAULT_REDUNDANCY_THRESHOLD, HeldSegments } from './held-segments.js';
import { conversationChannel, Conversations } from './conversation.js';
import { splitMessage } from './message-split.js';
import { deliverText, holdToBudget, squeezeForChannel, type TextDeliveryContext } from './text-delivery.js';

export interface RouterOptions {
  ir: WorkflowIR;
  ledger: Ledger;
  emit: Emit;
  coordinator?: MessageCoordinator;
  /** What an agent is looking for before its turn (role, run input): what a hybrid gate scores a message against. */
  standingQuery?: (agent: Agent) => string;
  /** Runners for channels that rewrite through an LLM, by channel id; a channel without one uses the rules. */
  rewriters?: ReadonlyMap<string, AgentRunner>;
  /** Cosine at or above which a segment the receiver already holds is not sent again (default 0.92). */
  redundancyThreshold?: number;
}

/**
 * What a sender's turn still needs once the router has delivered what it could: the
 * messages that a channel's model must rewrite first. The caller runs each as a step of
 * its own (runtime/run/rewrite.ts) and hands the rewrite back to `deliverRewrite`.
 */
export interface DeliveryPlan {
  rewrites: PendingRewrite[];
}

/** A message waiting to be rewritten by the channel's model. */
export interface PendingRewrite {
  channel: Channel & { compress: { method: 'squeeze'; via: string } };
  /** What the sender wrote. */
  original: string;
  /** What is left to send once the segments the receiver holds are dropped. */
  text: string;
  mode: 'text' | 'hybrid';
  scope?: string;
  /** Which message of a split turn this is, from 1; absent when the turn went out whole. */
  piece?: number;
}

/**
 * Moves messages along channels: a sender's text goes out on every channel it
 * writes to whose `when` admits it, and waits in the receiver's inbox (text) or in the coordinator's
 * memory (latent, or hybrid kept latent) until the receiver's next turn.
 */
export class ChannelRouter {
  private readonly inboxes = new Map<string, DeliveredMessage[]>();
  private readonly written = new Set<string>();
  private readonly sent = new Map<string, number>();
  private readonly agents: Map<string, Agent>;
  private readonly held: HeldSegments;
  private readonly conversations: Conversations;
  /** Receivers with a squeezing channel in: only their held segments are ever read, so only theirs are kept. */
  private readonly dedupers: ReadonlySet<string>;

  constructor(private readonly options: RouterOptions) {
    this.agents = new Map(options.ir.agents.map((agent) => [agent.name, agent]));
    this.conversations = new Conversations(options.ir, options.ledger, options.emit, (agent) => this.tokenizerOf(agent));
    this.dedupers = new Set(options.ir.channels.filter((channel) => channel.compress.method === 'squeeze').map((channel) => channel.to));
    const embed = options.coordinator?.embed?.bind(options.coordinator);
    this.held = new HeldSegments(options.redundancyThreshold ?? DEFAULT_REDUNDANCY_THRESHOLD, embed);
    const needsCoordinator = [...options.ir.channels, ...(options.ir.conversations ?? [])].filter((channel) => channel.mode !== 'text');
    if (needsCoordinator.length > 0 && !options.coordinator) {
      throw new Error(
        `channel${needsCoordinator.length > 1 ? 's' : ''} ${needsCoordinator.map((c) => `${c.id} (${c.mode})`).join(', ')} ` +
          'need a coordinator, and none is available; install the coordinator module or make the channels `mode text`',
      );
    }
  }

  tokenizerOf(agentName: string): Tokenizer {
    return tokenizerOfAgent(this.agents.get(agentName));
  }

  /** The tightest message size among the channels an agent writes to (what it is told to aim at). */
  outgoingBudget(agentName: string): number | undefined {
    const budgets = this.outgoing(agentName).map((c) => channelBudget(c).aim);
    const known = budgets.filter((b): b is number => b !== undefined);
    return known.length > 0 ? Math.min(...known) : undefined;
  }

  /**
   * Sends what `from` said on each of its outgoing channels, in declaration order. A
   * channel with a `split` carries the turn as several messages, in order, each written,
   * gated and held to the budgets on its own (message-split.ts).
   * Messages for channels that rewrite through an LLM are returned in the plan, not sent.
   * A channel with a `when` carries the message only when its guard holds on `outputs`
   * (the sender's new output included); without them, it carries nothing.
   */
  async send(from: string, text: string, scope?: string, outputs?: Outputs): Promise<DeliveryPlan> {
    const pending: PendingRewrite[] = [];
    for (const conversation of this.conversations.of(from)) await this.say(conversation, from, text, scope);
    for (const channel of this.outgoing(from)) {
      if (!this.admits(channel, outputs)) continue;
      const pieces = splitMessage(text, channel.split?.sentences);
      for (const [index, piece] of pieces.entries()) {
        const rewrite = channel.mode === 'text' ? await this.sendText(channel, piece, scope) : await this.sendLatent(channel, piece, scope);
        if (rewrite) pending.push(pieces.length > 1 ? { ...rewrite, piece: index + 1 } : rewrite);
      }
    }
    return { rewrites: pending };
  }

  /**
   * The most a sender can usefully write: the tightest per-message budget, when every
   * channel it writes to is a text channel that cuts, drops or refuses what is over it.
   * Undefined when any channel would carry more (no limit, a latent memory, a squeeze
   * that may bring a longer message within the budget, a split that sends a long turn
   * as several messages).
   */
  outputCap(agentName: string): number | undefined {
    const channels = this.outgoing(agentName);
    const capped = channels.every(
      (c) => c.mode === 'text' && Number.isFinite(channelBudget(c).perMessage) && c.compress.method === 'none' && c.overflow !== 'compress' && c.split === undefined,
    );
    return channels.length > 0 && capped ? Math.min(...channels.map((c) => channelBudget(c).perMessage)) : undefined;
  }

  /** The runner that rewrites messages on `channel`, when it has one. */
  rewriterFor(channel: Channel): AgentRunner | undefined {
    return this.options.rewriters?.get(channel.id);
  }

  /** Delivers a message the channel's model rewrote (or whose rewrite fell back to the rules). */
  async deliverRewrite(pending: PendingRewrite, squeezed: string): Promise<void> {
    const ctx = this.deliveryContext(pending.channel, pending.scope);
    await this.deliver(pending.channel, pending.original, holdToBudget(pending.channel, pending.original, squeezed, ctx), pending.scope, pending.mode);
  }

  /** Delivers a message by the channel's rules instead of its model, saying why. */
  async deliverByRules(pending: PendingRewrite, fallback: { reason: string; detail: string }): Promise<void> {
    const ctx = this.deliveryContext(pending.channel, pending.scope);
    const squeezed = squeezeForChannel(pending.channel, pending.text, ctx, fallback);
    await this.deliver(pending.channel, pending.original, holdToBudget(pending.channel, pending.original, squeezed, ctx), pending.scope, pending.mode);
  }

  /** Everything waiting for `receiver`, emptied: text messages, the latest of its conversations, then one readout per latent channel. */
  async collect(receiver: string, query: string, scope?: string): Promise<DeliveredMessage[]> {
    const inbox = this.inboxes.get(receiver) ?? [];
    this.inboxes.delete(receiver);
    inbox.push(...this.conversations.read(receiver, scope));
    this.held.forget(receiver);
    for (const channel of this.options.ir.channels) {
      if (channel.to !== receiver || !this.written.has(channel.id)) continue;
      const readout = await this.readout(channel, receiver, query, scope);
      if (readout) inbox.push(readout);
    }
    for (const conversation of this.conversations.of(receiver)) {
      if (!this.written.has(conversation.id)) continue;
      const member = budgetKey.conversationMember(conversation.id, receiver);
      // The readout is the conversation's, not one member's: it comes from the conversation.
      const readout = await this.readout(conversationChannel(conversation, conversation.id), receiver, query, scope, [member]);
      if (readout) inbox.push(readout);
    }
    return inbox;
  }

  /**
   * A member's message in a conversation: into the transcript (text), into the coordinator's
   * memory (latent), or where the coordinator's gate routes it (hybrid).
   */
  private async say(conversation: Conversation, from: string, text: string, scope: string | undefined): Promise<void> {
    if (conversation.mode === 'text') return this.conversations.said(conversation, from, text);
    const channel = conversationChannel(conversation, from);
    const message = this.coordinatorMessage(channel, text, scope);
    const coordinator = this.options.coordinator!;
    const step = await coordinator.write(message);
    if (conversation.mode === 'hybrid') {
      // Every other member reads the transcript: the gate asks what any of them is looking for.
      const query = conversation.members.filter((member) => member !== from).map((member) => this.standingQueryOf(member)).join('\n');
      const decision = await coordinator.gate({ message, query });
      this.options.emit({ type: 'coordinator.step', channel: channel.id, gate: decision.route, segments: message.segments.length, overheadMs: step.overheadMs + decision.overheadMs, scope });
      if (decision.route === 'text') return this.conversations.said(conversation, from, text);
    } else {
      this.options.emit({ type: 'coordinator.step', channel: channel.id, segments: message.segments.length, overheadMs: step.overheadMs, scope });
    }
    this.written.add(conversation.id);
  }

  /** What an agent is looking for before its turn, as a hybrid gate asks it. */
  private standingQueryOf(name: string): string {
    const agent = this.agents.get(name);
    return agent ? (this.options.standingQuery?.(agent) ?? agent.role ?? '') : '';
  }

  private admits(channel: Channel, outputs: Outputs | undefined): boolean {
    if (channel.when === undefined) return true;
    const guard = this.options.ir.flow.guards[channel.when];
    if (!guard) throw new Error(`channel ${channel.id} names guard '${channel.when}', which the workflow does not define`);
    return outputs !== undefined && evaluateGuard(guard, outputs);
  }

  private outgoing(from: string): Channel[] {
    return this.options.ir.channels.filter((channel) => channel.from === from);
  }

  /**
   * A text message: on a squeezing channel, segments the receiver already holds are
   * left out first, then the rest is squeezed (by the rules here, or returned for its
   * model to rewrite); then it is held to the channel's budgets and delivered.
   */
  private async sendText(channel: Channel, text: string, scope: string | undefined, mode: 'text' | 'hybrid' = 'text'): Promise<PendingRewrite | undefined> {
    const ctx = this.deliveryContext(channel, scope);
    if (channel.compress.method !== 'squeeze') {
      await this.deliver(channel, text, deliverText(channel, text, ctx), scope, mode);
      return undefined;
    }
    const unheld = await this.dropHeld(channel, text, ctx);
    if (unheld.length === 0) {
      await this.deliver(channel, text, undefined, scope, mode);
      return undefined;
    }
    const via = channel.compress.via;
    if (via !== undefined) {
      const pending: PendingRewrite = { channel: { ...channel, compress: { ...channel.compress, via } }, original: text, text: unheld, mode, ...(scope ? { scope } : {}) };
      if (this.rewriterFor(channel)) return pending;
      await this.deliverByRules(pending, { reason: 'no-runner', detail: `no runner for "${via}" in this run (simulated runs never call a model)` });
      return undefined;
    }
    await this.deliver(channel, text, deliverText(channel, unheld, ctx), scope, mode);
    return undefined;
  }

  /** The message without the segments its receiver holds, with a `squeeze` event (method "dedupe") when any were left out. */
  private async dropHeld(channel: Channel, text: string, ctx: TextDeliveryContext): Promise<string> {
    const { text: unheld, dropped } = await this.held.unheld(channel.to, text);
    if (dropped.length === 0) return text;
    this.options.emit({
      type: 'squeeze',
      channel: channel.id,
      before: ctx.tokenizer.count(text),
      after: ctx.tokenizer.count(unheld),
      method: 'dedupe',
      removed: dropped.map((d) => d.text),
      dropped: dropped.map(({ text: segment, similarity, matched }) => ({ text: segment, similarity, matched })),
      scope: ctx.scope,
    });
    return unheld;
  }

  private async deliver(channel: Channel, text: string, delivered: { text: string; tokens: number } | undefined, scope: string | undefined, mode: 'text' | 'hybrid'): Promise<void> {
    const tokenizer = this.tokenizerOf(channel.to);
    this.options.emit({
      type: 'message.sent',
      channel: channel.id,
      from: channel.from,
      to: channel.to,
      mode,
      tokens: tokenizer.count(text),
      delivered: delivered?.tokens ?? 0,
      scope,
    });
    if (!delivered) return;
    const inbox = this.inboxes.get(channel.to) ?? [];
    inbox.push({ channel: channel.id, from: channel.from, text: delivered.text, tokens: delivered.tokens, mode });
    this.inboxes.set(channel.to, inbox);
    if (this.dedupers.has(channel.to)) await this.held.remember(channel.to, delivered.text);
  }

  private deliveryContext(channel: Channel, scope: string | undefined): TextDeliveryContext {
    return { ledger: this.options.ledger, emit: this.options.emit, tokenizer: this.tokenizerOf(channel.to), ...(scope ? { scope } : {}) };
  }

  /** A message for the coordinator's memory, numbered per channel, its segments counted for the receiver. */
  private coordinatorMessage(channel: Channel, text: string, scope: string | undefined): CoordinatorMessage {
    const tokenizer = this.tokenizerOf(channel.to);
    const count = (this.sent.get(channel.id) ?? 0) + 1;
    this.sent.set(channel.id, count);
    return {
      id: `${channel.id}#${count}`,
      channel,
      from: channel.from,
      to: channel.to,
      text,
      segments: segmentText(text).map((segment, index) => ({ index, text: segment, tokens: tokenizer.count(segment) })),
      scope,
    };
  }

  private async sendLatent(channel: Channel, text: string, scope: string | undefined): Promise<PendingRewrite | undefined> {
    const coordinator = this.options.coordinator!;
    const tokenizer = this.tokenizerOf(channel.to);
    const message = this.coordinatorMessage(channel, text, scope);
    const step = await coordinator.write(message);
    if (channel.mode === 'hybrid') {
      const decision = await coordinator.gate({ message, query: this.standingQueryOf(channel.to) });
      this.options.emit({
        type: 'coordinator.step',
        channel: channel.id,
        gate: decision.route,
        segments: message.segments.length,
        overheadMs: step.overheadMs + decision.overheadMs,
        scope,
      });
      if (decision.route === 'text') return this.sendText(channel, text, scope, 'hybrid');
    } else {
      this.options.emit({ type: 'coordinator.step', channel: channel.id, segments: message.segments.length, overheadMs: step.overheadMs, scope });
    }
    // Only messages kept latent make the receiver ask for a readout: one forwarded as text has arrived already.
    this.written.add(channel.id);
    this.options.emit({ type: 'message.sent', channel: channel.id, from: channel.from, to: channel.to, mode: channel.mode, tokens: tokenizer.count(text), delivered: 0, scope });
    return undefined;
  }

  /**
   * Asks the coordinator what the receiver needs from a latent channel, within the
   * readout budget and what remains of the channel's budget. The coordinator's
   * selection is re-counted here and cut to fit: a readout never passes a budget.
   */
  private async readout(channel: Channel, receiver: string, query: string, scope?: string, alsoCharged: string[] = []): Promise<DeliveredMessage | undefined> {
    const tokenizer = this.tokenizerOf(receiver);
    const keys = [budgetKey.channel(channel.id), ...alsoCharged];
    const limit = Math.min(channelBudget(channel).readout!, this.options.ledger.remainingOf(keys));
    if (limit <= 0) return undefined;
    const readout = await this.options.coordinator!.readout({ receiver, channel, query, budgetTokens: limit, countTokens: (text) => tokenizer.count(text) });
    const texts: string[] = [];
    const latents: number[][] = [];
    for (const segment of readout.segments) {
      if (tokenizer.count([...texts, segment.text].join('\n')) > limit) break;
      texts.push(segment.text);
      latents.push(segment.latent);
    }
    const text = texts.join('\n');
    const tokens = tokenizer.count(text);
    this.options.emit({ type: 'coordinator.readout', agent: receiver, channel: channel.id, selected: texts.length, tokens, limit, scope });
    if (texts.length === 0) return undefined;
    const refused = this.options.ledger.charge(keys, tokens);
    if (refused) throw new Error(`channel ${channel.id}: readout of ${tokens} tokens fit ${limit} but the ledger refused it`);
    return { channel: channel.id, from: channel.from, text, tokens, mode: channel.mode, latents };
  }
}
