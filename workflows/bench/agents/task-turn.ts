import type { FunctionAgentArgs } from '../../../runtime/agents/function.js';
import { TaskInstance, actIn } from '../../../src/bench/task.js';
import type { FamilyName } from '../../../src/bench/family.js';

/**
 * One turn of a coordbench agent: it takes the task instance from the run input,
 * reads only its own part of it (the family's `act` sees to that) and the texts the
 * channels delivered (full, truncated, or a coordinator readout), and says its piece.
 */
export function taskTurn(family: FamilyName, args: FunctionAgentArgs): Record<string, unknown> {
  const parsed = TaskInstance.safeParse(args.input);
  if (!parsed.success || parsed.data.family !== family) {
    throw new Error(
      `agent ${args.agent.name} needs a coordbench ${family} task as the run input; ` +
        `make one with \`coord bench instance --family ${family} > task.json\` and pass \`--input task.json\``,
    );
  }
  const { text, output } = actIn(parsed.data, args.agent.name, args.inbox.map((message) => message.text));
  return { ...output, text };
}
