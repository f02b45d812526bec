import type { FunctionAgentArgs } from '../../../runtime/agents/function.js';
import { taskTurn } from './task-turn.js';

/** The assembler of a coordbench relay task (its behaviour is in src/bench/families/relay.ts). */
export default function assembler(args: FunctionAgentArgs): Record<string, unknown> {
  return taskTurn('relay', args);
}
