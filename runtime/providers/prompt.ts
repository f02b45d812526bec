import type { TurnRequest } from '../agents/agent.js';
import type { LlmAgent } from '../../src/ir/schema.js';
import type { PromptMessage } from './usage.js';

/**
 * What an LLM agent reads in one turn: instructions (its role, the budgets it must keep to,
 * the output it must produce) and one user message with the run input, the map item and
 * every message delivered to it.
 */

/** The sentence that tells the model the budget of the channels it writes to. */
export function budgetSentence(outgoingBudget: number): string {
  return `Your reply is sent to other agents through channels that carry at most ${outgoingBudget} tokens per message: keep your reply under ${outgoingBudget} tokens.`;
}

/** `structured`: the agent declares an output, whose schema the request carries as its response format (call.ts). */
export function instructions(agent: LlmAgent, request: TurnRequest, structured = false): string {
  const lines = [`You are "${agent.name}", one agent in a team that works on a token budget.`];
  if (agent.role) lines.push(agent.role);
  if (request.outgoingBudget !== undefined) lines.push(budgetSentence(request.outgoingBudget));
  lines.push(`You may write at most ${request.maxOutputTokens} tokens in this turn; anything longer is cut off.`);
  if (structured) lines.push('Reply with exactly one JSON object in the response format of this request, and nothing else (no prose, no code fences).');
  return lines.join('\n');
}

function block(title: string, value: unknown): string {
  return `${title}\n${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}`;
}

export function userMessage(request: TurnRequest): string {
  const parts: string[] = [];
  if (request.input !== undefined) parts.push(block('Input of this run:', request.input));
  if (request.item !== undefined) parts.push(block(`Item ${request.item.index} to work on:`, request.item.value));
  if (request.memory && request.memory.length > 0) {
    const remembered = request.memory.map((entry) =>
      entry.said ? `You said (turn ${entry.turn}):\n${entry.text}` : `Message from ${entry.from} (turn ${entry.turn}, channel ${entry.channel}):\n${entry.text}`,
    );
    parts.push(['Earlier in this run (oldest first):', ...remembered].join('\n\n'));
  }
  if (request.memory && request.memory.length > 0 && request.inbox.length > 0) parts.push('New since your last turn:');
  for (const message of request.inbox) {
    parts.push(`Message from ${message.from} (channel ${message.channel}):\n${message.text}`);
  }
  if (parts.length === 0) parts.push('No messages have reached you yet. Start the task.');
  return parts.join('\n\n');
}

/** The turn's conversation: the instructions first, then what the agent reads. */
export function turnMessages(agent: LlmAgent, request: TurnRequest, structured = false): PromptMessage[] {
  return [
    { role: 'system', content: instructions(agent, request, structured) },
    { role: 'user', content: userMessage(request) },
  ];
}
