import type { z } from 'zod';

/**
 * Parse options for a value a process parses about once (a run's IR, its machine config, the
 * IR a check hands back): zod compiles a fast path for each object schema the first time it
 * parses one, which costs more than it saves on a single value (the main example's IR: about
 * 21 ms of CPU against 7 without it, in a fresh process; warm, 0.3 of a millisecond slower).
 * Schemas parsed at every step keep it. Validation is the same either way.
 */
export const PARSED_ONCE = { jitless: true } as const;

/**
 * Values this process has already checked against a schema, each under that schema: a run's IR
 * is parsed where it arrives (the check's answer) and again by startRun, and its machine config,
 * compiled here from that IR, was parsed by startRun too, though a fresh process pays about 5 ms
 * for that schema's first parse. A value is remembered only frozen, all the way down, so that what
 * is used still is what was checked; it is remembered by identity, so anything else (a copy, a
 * value read from disk, a caller's own object) is parsed as before.
 */
const checked = new WeakMap<object, z.ZodType>();

/** `schema.parse(value, PARSED_ONCE)`, unless `value` is a value this process checked against `schema`: then `value` itself. */
export function parseOnce<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  if (isChecked(schema, value)) return value as z.output<S>;
  return remember(schema, schema.parse(value, PARSED_ONCE));
}

/** `schema.safeParse(value, PARSED_ONCE)`, unless `value` is a value this process checked against `schema`. */
export function safeParseOnce<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  if (isChecked(schema, value)) return { success: true, data: value as z.output<S> };
  const result = schema.safeParse(value, PARSED_ONCE);
  if (result.success) remember(schema, result.data);
  return result;
}

export function isChecked(schema: z.ZodType, value: unknown): boolean {
  return typeof value === 'object' && value !== null && checked.get(value) === schema;
}

/**
 * Remembers `value` as checked against `schema` without parsing it, for a value this process
 * checked by other means: parsed as part of a larger schema (the IR in a check's answer), or
 * built by code whose output type is the schema's from values checked here (the compiler's
 * machine config from a checked IR; test/ir/machine.test.ts holds the compiler to the schema).
 */
export function markChecked<T extends object>(schema: z.ZodType<T>, value: T): T {
  return remember(schema, value);
}

function remember<T>(schema: z.ZodType, value: T): T {
  if (typeof value === 'object' && value !== null) {
    deepFreeze(value);
    checked.set(value, schema);
  }
  return value;
}

/** JSON-like values have no cycles; a part frozen already may still hold parts that are not. */
function deepFreeze(value: object): void {
  Object.freeze(value);
  for (const key of Object.keys(value)) {
    const inner = (value as Record<string, unknown>)[key];
    if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  }
}
