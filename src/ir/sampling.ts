import { z } from 'zod';

/**
 * Per-agent sampling settings: the one list of names a `sampling { … }` block may use, the
 * range of each, and the IR field it becomes (the AI SDK's call setting of the same meaning).
 */

interface SamplingDefinition {
  field: 'temperature' | 'topP' | 'topK' | 'seed' | 'maxOutputTokens' | 'presencePenalty' | 'frequencyPenalty';
  min: number;
  max?: number;
  integer: boolean;
}

export const SAMPLING_SETTINGS = {
  temperature: { field: 'temperature', min: 0, max: 2, integer: false },
  top_p: { field: 'topP', min: 0, max: 1, integer: false },
  top_k: { field: 'topK', min: 1, integer: true },
  seed: { field: 'seed', min: 0, integer: true },
  max_output: { field: 'maxOutputTokens', min: 1, integer: true },
  presence_penalty: { field: 'presencePenalty', min: -2, max: 2, integer: false },
  frequency_penalty: { field: 'frequencyPenalty', min: -2, max: 2, integer: false },
} as const satisfies Record<string, SamplingDefinition>;
export type SamplingName = keyof typeof SAMPLING_SETTINGS;

function rangeOf(definition: SamplingDefinition) {
  const base = definition.integer ? z.number().int() : z.number();
  const bounded = base.min(definition.min);
  return (definition.max === undefined ? bounded : bounded.max(definition.max)).optional();
}

const shape = Object.fromEntries(Object.values(SAMPLING_SETTINGS).map((d) => [d.field, rangeOf(d)])) as Record<
  SamplingDefinition['field'],
  z.ZodOptional<z.ZodNumber>
>;

/** `max_output` lowers the turn's output cap; it never raises it past the turn's budget. */
export const Sampling = z.strictObject(shape);
export type Sampling = z.infer<typeof Sampling>;

export function isSamplingName(name: string): name is SamplingName {
  return Object.hasOwn(SAMPLING_SETTINGS, name);
}

/** Why `value` is not allowed for `name`, or undefined when it is. */
export function samplingProblem(name: SamplingName, value: number): string | undefined {
  const definition: SamplingDefinition = SAMPLING_SETTINGS[name];
  if (definition.integer && !Number.isInteger(value)) return `${name} must be a whole number`;
  if (value < definition.min || (definition.max !== undefined && value > definition.max)) {
    return definition.max === undefined ? `${name} must be at least ${definition.min}` : `${name} must be between ${definition.min} and ${definition.max}`;
  }
  return undefined;
}
