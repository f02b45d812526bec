import type { FunctionAgentArgs } from '../../../runtime/agents/function.js';
import { taskTurn } from './task-turn.js';

/** The member of a coordbench consensus task (its behaviour is in src/bench/families/consensus.ts). */
export default function member(args: FunctionAgentArgs): Record<string, unknown> {
  return taskTurn('consensus', args);
}
