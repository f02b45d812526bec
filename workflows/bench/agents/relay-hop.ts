import type { FunctionAgentArgs } from '../../../runtime/agents/function.js';
import { taskTurn } from './task-turn.js';

/** A hop of a coordbench relay chain (its behaviour is in src/bench/families/relay.ts). */
export default function hop(args: FunctionAgentArgs): Record<string, unknown> {
  return taskTurn('relay', args);
}
