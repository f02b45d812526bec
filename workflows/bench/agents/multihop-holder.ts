import type { FunctionAgentArgs } from '../../../runtime/agents/function.js';
import { taskTurn } from './task-turn.js';

/** The holder of a coordbench multihop task (its behaviour is in src/bench/families/multihop.ts). */
export default function holder(args: FunctionAgentArgs): Record<string, unknown> {
  return taskTurn('multihop', args);
}
