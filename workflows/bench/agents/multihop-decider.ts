import type { FunctionAgentArgs } from '../../../runtime/agents/function.js';
import { taskTurn } from './task-turn.js';

/** The decider of a coordbench multihop task (its behaviour is in src/bench/families/multihop.ts). */
export default function decider(args: FunctionAgentArgs): Record<string, unknown> {
  return taskTurn('multihop', args);
}
