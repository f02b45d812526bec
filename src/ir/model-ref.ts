import { z } from 'zod';

/**
 * "provider:model", the one way a workflow names a model. The provider is everything before
 * the first colon, so the model keeps any colons of its own (ollama:qwen2.5:7b). The front
 * end, the lowering and the runtime all read model strings through `parseModelRef`.
 */

/** Providers coord knows without configuration; any other name is an endpoint from the config file. */
export const BUILTIN_PROVIDERS = ['openai', 'anthropic', 'ollama'] as const;
export type BuiltinProvider = (typeof BUILTIN_PROVIDERS)[number];

export const ModelRef = z.object({ provider: z.string().min(1), model: z.string().min(1) });
export type ModelRef = z.infer<typeof ModelRef>;

/** The parts of "provider:model"; undefined when either side is empty, a colon is missing, or it holds whitespace. */
export function parseModelRef(value: string): ModelRef | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1 || /\s/.test(value)) return undefined;
  return { provider: value.slice(0, colon), model: value.slice(colon + 1) };
}

export function formatModelRef(ref: ModelRef): string {
  return `${ref.provider}:${ref.model}`;
}

export function isBuiltinProvider(name: string): name is BuiltinProvider {
  return (BUILTIN_PROVIDERS as readonly string[]).includes(name);
}
