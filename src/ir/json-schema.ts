import { z } from 'zod';
import { IR_VERSION, WorkflowIR } from './schema.js';

/**
 * The JSON Schema of the IR (draft 2020-12), generated from the zod schema so the two can
 * never disagree; `coord schema` prints it for editors and for tools that write IR.
 * The recursive guard expression becomes a `$ref` into `$defs`.
 */
export function irJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(WorkflowIR, { target: 'draft-2020-12', cycles: 'ref', reused: 'inline', io: 'input' });
  return {
    ...schema,
    $id: `https://coord.dev/schema/ir-v${IR_VERSION}.json`,
    title: 'coord workflow IR',
    description: `A compiled coord workflow (IR version ${IR_VERSION}): what \`coord compile\` writes and the runtime reads.`,
  };
}
