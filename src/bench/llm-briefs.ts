import type { FamilyName } from './family.js';
import { DECIDER, type MultihopInstance } from './families/multihop.js';
import { ASSEMBLER, type RelayInstance } from './families/relay.js';
import { FACILITATOR, type ConsensusInstance } from './families/consensus.js';
import type { TaskInstance } from './task.js';

/**
 * What an LLM agent of coordbench is told. The role (fixed per family and agent position,
 * written into the IR) says what the agent does; the brief (per task instance, given as its
 * run input) holds only that agent's private part of the task, exactly as the programmatic
 * agent would read it, never the answer or another agent's part.
 */

const position = (agent: string): number => Number(/(\d+)$/.exec(agent)?.[1] ?? 0);

/** The role of an agent of a family's workflow, by its name. */
export function llmRole(family: FamilyName, agent: string): string {
  switch (family) {
    case 'multihop':
      return agent === DECIDER
        ? 'You are the decider. Holders have sent you facts, some relevant and some not. Answer the question in your input by ' +
            'chaining facts (for example: where a person works, then where that place is). Put only the answer, a name written as ' +
            'it appears in the facts, in "answer".'
        : `You are holder ${position(agent)}. You hold facts that the decider needs, mixed with others; the decider sees only what ` +
            'you send. Put every fact you hold, word for word, in "message", and set "last" as your input says.';
    case 'relay':
      return agent === ASSEMBLER
        ? 'You are the assembler at the end of a relay chain. From the statements relayed to you, report the requested details of ' +
            'the trip. A statement marked as an update or correction replaces the earlier value of that detail. Put the details in ' +
            '"answer", exactly in the format your input gives.'
        : `You are relay ${position(agent)} of a chain that ends at the assembler. Forward, word for word, every statement about a ` +
            'trip that reached you, except statements about a trip you know is cancelled; then add your own statements, word for word. ' +
            'Reply with the statements only.';
    case 'consensus':
      return agent === FACILITATOR
        ? 'You are the facilitator. Members have told you their hard constraints (days, cities, price limits, capacity, features), ' +
            'wishes and preferences. Choose the one venue of the catalogue in your input that satisfies every hard constraint; wishes ' +
            'and preferences only break ties. Put the venue\'s name, exactly as in the catalogue, in "answer".'
        : `You are member ${position(agent)} of a group choosing a venue. Tell the facilitator, in "message", everything your input ` +
            'lists that you need or want, word for word; set "last" as your input says.';
  }
}

const bullets = (lines: readonly string[]): string => lines.map((line) => `- ${line}`).join('\n');

function lastLine(kind: string, index: number, count: number): string {
  if (index < 0) return `You have no part in this task (it has ${count} ${kind}s): send an empty message and set "last" to true.`;
  return `You are ${kind} ${index + 1} of ${count}: set "last" to ${index === count - 1}.`;
}

function multihopBrief(instance: MultihopInstance, agent: string): string {
  if (agent === DECIDER) return `Question: ${instance.question.text}`;
  const index = instance.holders.findIndex((h) => h.agent === agent);
  const facts = index < 0 ? '' : `The facts you hold:\n${bullets(instance.holders[index]!.sentences)}\n`;
  return `${facts}${lastLine('holder', index, instance.holders.length)}`;
}

function relayBrief(instance: RelayInstance, agent: string): string {
  if (agent === ASSEMBLER) {
    const format = instance.required.map((a) => `${a}: <value>`).join('; ');
    return `${instance.request}\nWrite "answer" as "${format}": these details, in this order, nothing else.`;
  }
  const relay = instance.relays.find((r) => r.agent === agent);
  if (!relay) return 'You have no part in this task: reply with an empty message.';
  const cancelled =
    relay.cancelled.length > 0
      ? `Trips you know are cancelled: ${relay.cancelled.join(', ')}. Drop every statement about them.`
      : 'You know of no cancelled trip.';
  return `Your own statements, to add after what you forward:\n${bullets(relay.own.map((s) => s.sentence))}\n${cancelled}`;
}

function consensusBrief(instance: ConsensusInstance, agent: string): string {
  if (agent === FACILITATOR) {
    const venues = instance.options.map(
      (v) =>
        `${v.name}: in ${v.city}, on ${v.day}, price ${v.price} per person, holds ${v.capacity} people, ` +
        `features: ${v.features.length > 0 ? v.features.join(', ') : 'none'}`,
    );
    return `${instance.topic}\nThe catalogue:\n${bullets(venues)}`;
  }
  const index = instance.members.findIndex((m) => m.agent === agent);
  const said = index < 0 ? '' : `What you need and want:\n${bullets(instance.members[index]!.sentences)}\n`;
  return `${said}${lastLine('member', index, instance.members.length)}`;
}

/** One agent's private part of a task instance, in words: what its run input becomes. */
export function llmBrief(instance: TaskInstance, agent: string): string {
  switch (instance.family) {
    case 'multihop':
      return multihopBrief(instance, agent);
    case 'relay':
      return relayBrief(instance, agent);
    case 'consensus':
      return consensusBrief(instance, agent);
  }
}
