import type { FunctionAgentArgs } from '../../../runtime/agents/function.js';
import { taskTurn } from './task-turn.js';

/** The facilitator of a coordbench consensus task (its behaviour is in src/bench/families/consensus.ts). */
export default function facilitator(args: FunctionAgentArgs): Record<string, unknown> {
  return taskTurn('consensus', args);
}
