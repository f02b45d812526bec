import { z } from 'zod';
import { MultihopInstance, multihop } from './families/multihop.js';
import { RelayInstance, relay } from './families/relay.js';
import { ConsensusInstance, consensus } from './families/consensus.js';
import type { Family, FamilyName, MessageStyle, Turn, TurnOutcome } from './family.js';
import type { Split } from './splits.js';

/** A task instance of any family: what `coord run --input` receives in coordbench. */
export const TaskInstance = z.discriminatedUnion('family', [MultihopInstance, RelayInstance, ConsensusInstance]);
export type TaskInstance = z.infer<typeof TaskInstance>;

const FAMILIES = { multihop, relay, consensus } as const;

export const FAMILY_NAMES = Object.keys(FAMILIES) as FamilyName[];

// The instance's own family handles it; the casts bridge the union to the matching member.
function familyOf(instance: TaskInstance): Family<TaskInstance> {
  return FAMILIES[instance.family] as unknown as Family<TaskInstance>;
}

/**
 * The task of a family at a seed. A chatty instance holds the same task as the plain one
 * (its senders only write differently) and says so in its style and id.
 */
export function generateTask(family: FamilyName, seed: number, split: Split, style: MessageStyle = 'plain'): TaskInstance {
  const instance = (FAMILIES[family] as unknown as Family<TaskInstance>).generate(seed, split);
  return style === 'plain' ? instance : { ...instance, id: `${instance.id}-${style}`, style };
}

export const turnsOf = (instance: TaskInstance): Turn[] => familyOf(instance).turns(instance);

export const actIn = (instance: TaskInstance, agent: string, inbox: readonly string[]): TurnOutcome =>
  familyOf(instance).act(instance, agent, inbox);

export const queryOf = (instance: TaskInstance, agent: string): string | undefined => familyOf(instance).query(instance, agent);

export const isNeeded = (instance: TaskInstance, receiver: string, sentence: string): boolean =>
  familyOf(instance).needs(instance, receiver, sentence);

export const scoreTask = (instance: TaskInstance, output: unknown): boolean => familyOf(instance).score(instance, output);
