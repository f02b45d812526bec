/**
 * Parse options for a value a process parses about once (a run's IR, its machine config, the
 * IR a check hands back): zod compiles a fast path for each object schema the first time it
 * parses one, which costs more than it saves on a single value (the main example's IR: about
 * 21 ms of CPU against 7 without it, in a fresh process; warm, 0.3 of a millisecond slower).
 * Schemas parsed at every step keep it. Validation is the same either way.
 */
export const PARSED_ONCE = { jitless: true } as const;
