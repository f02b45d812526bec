import { z } from 'zod';
import type { Agent, OutputField, OutputFieldType } from '../../src/ir/schema.js';

const fieldSchemas: Record<OutputFieldType, () => z.ZodType> = {
  string: () => z.string(),
  number: () => z.number(),
  boolean: () => z.boolean(),
  'string[]': () => z.array(z.string()),
  'number[]': () => z.array(z.number()),
  'boolean[]': () => z.array(z.boolean()),
};

/**
 * The zod schema of an agent's output: its declared fields, all required, extra
 * fields allowed and kept; `{ text: string }` for an agent that answers in free text.
 * One definition for function agents, LLM providers (structured output) and checks.
 */
export function outputSchema(agent: Pick<Agent, 'output'>): z.ZodObject {
  const fields: OutputField[] = agent.output ?? FREE_TEXT;
  // Built once per declaration: a turn validates against it, and building costs more than parsing.
  let schema = built.get(fields);
  if (!schema) {
    schema = z.looseObject(Object.fromEntries(fields.map((field) => [field.name, field.values ? z.enum(field.values) : fieldSchemas[field.type]()])));
    built.set(fields, schema);
  }
  return schema;
}

const FREE_TEXT: OutputField[] = [{ name: 'text', type: 'string' }];
const built = new WeakMap<OutputField[], z.ZodObject>();

/** The message an output sends on the agent's channels: its `message` or `text` field, else its JSON. */
export function messageText(output: Record<string, unknown>): string {
  for (const field of ['message', 'text']) {
    if (typeof output[field] === 'string') return output[field] as string;
  }
  return JSON.stringify(output);
}

/** Validates an agent's output, with an error that names the agent and the fields at fault. */
export function parseOutput(agent: Pick<Agent, 'name' | 'output'>, value: unknown): Record<string, unknown> {
  const candidate = agent.output ? value : freeText(value);
  const parsed = outputSchema(agent).safeParse(candidate);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(output)'}: ${issue.message}`).join('; ');
  const declared = (agent.output ?? [{ name: 'text', type: 'string' }]).map((f) => `${f.name}: ${f.values ? f.values.map((v) => JSON.stringify(v)).join(' | ') : f.type}`).join(', ');
  throw new Error(`agent ${agent.name} returned an output that does not match its declaration { ${declared} }: ${problems}`);
}

/** A free-text agent may answer with a string, or an object whose `text` or `message` is the answer. */
function freeText(value: unknown): unknown {
  if (typeof value === 'string') return { text: value };
  const object = value as Record<string, unknown> | null;
  if (object && typeof object === 'object' && object.text === undefined && typeof object.message === 'string') return { ...object, text: object.message };
  return value;
}
