import type { WorkflowIR } from '../../src/ir/schema.js';
import { Ledger } from './ledger.js';

/** Ledger keys, one naming scheme for the ledger, the events and the dashboard. */
export const budgetKey = {
  run: () => 'run',
  agent: (agent: string) => `agent:${agent}`,
  turn: (agent: string, turn: number, scope?: string) => `turn:${agent}#${turn}${scope ? `@${scope}` : ''}`,
  channel: (channel: string) => `channel:${channel}`,
  /** What one member may read from a conversation; the conversation's own run budget is `channel:<id>`. */
  conversationMember: (conversation: string, member: string) => `conversation:${conversation}/${member}`,
};

/**
 * A ledger with the pools a workflow declares: the run, each agent's total, each
 * channel's per-run budget, and each conversation's per-run and per-member budgets. Per-turn and per-message budgets are pools opened for
 * one turn or message at a time (see agent-turn and channels).
 */
export function ledgerFor(ir: WorkflowIR): Ledger {
  const ledger = new Ledger();
  ledger.declare(budgetKey.run(), 'run', ir.budget.total);
  for (const agent of ir.agents) ledger.declare(budgetKey.agent(agent.name), 'agent', agent.budget.total);
  for (const channel of ir.channels) ledger.declare(budgetKey.channel(channel.id), 'channel', channel.budget.perRun);
  for (const conversation of ir.conversations ?? []) {
    ledger.declare(budgetKey.channel(conversation.id), 'channel', conversation.budget.perRun);
    for (const member of conversation.members) ledger.declare(budgetKey.conversationMember(conversation.id, member), 'channel', conversation.budget.perMember);
  }
  return ledger;
}

/** The limits `run.started` announces, for the dashboard's bars. */
export function declaredLimits(ir: WorkflowIR): Record<string, number> {
  const limits: Record<string, number> = {};
  if (ir.budget.total !== undefined) limits[budgetKey.run()] = ir.budget.total;
  for (const agent of ir.agents) if (agent.budget.total !== undefined) limits[budgetKey.agent(agent.name)] = agent.budget.total;
  for (const channel of ir.channels) {
    if (channel.budget.perRun !== undefined) limits[budgetKey.channel(channel.id)] = channel.budget.perRun;
  }
  for (const conversation of ir.conversations ?? []) {
    if (conversation.budget.perRun !== undefined) limits[budgetKey.channel(conversation.id)] = conversation.budget.perRun;
  }
  return limits;
}
