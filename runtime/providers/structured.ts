import { z } from 'zod';

/**
 * Reading a structured output out of a model's text: models often wrap JSON in code fences
 * or a sentence despite being told not to, so take the outermost object, then validate it.
 */

/** The JSON Schema the model is shown, without the parts that only cost tokens ($schema, an empty additionalProperties). */
export function schemaForPrompt(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, additionalProperties, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  const meaningful = additionalProperties !== undefined && JSON.stringify(additionalProperties) !== '{}';
  return meaningful ? { ...rest, additionalProperties } : rest;
}

export type StructuredResult = { ok: true; value: Record<string, unknown> } | { ok: false; problem: string };

function jsonCandidate(text: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  return start >= 0 && end > start ? body.slice(start, end + 1) : body;
}

export function parseStructured(text: string, schema: z.ZodType): StructuredResult {
  let value: unknown;
  try {
    value = JSON.parse(jsonCandidate(text));
  } catch (error) {
    return { ok: false, problem: `it is not a JSON object (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data as Record<string, unknown> };
  return { ok: false, problem: z.prettifyError(parsed.error).replaceAll('\n', ' ') };
}
