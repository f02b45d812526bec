import { z } from 'zod';

/**
 * A declared output's JSON Schema as the request carries it, without the parts that only cost
 * tokens ($schema, an empty additionalProperties): coord counts its tokens as part of the prompt.
 */
export function schemaForPrompt(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, additionalProperties, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  const meaningful = additionalProperties !== undefined && JSON.stringify(additionalProperties) !== '{}';
  return meaningful ? { ...rest, additionalProperties } : rest;
}
