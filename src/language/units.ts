/** Units a token quantity may be written in. */
export const TOKEN_UNITS = ['token', 'tokens'];

/** Units of a channel's `split`: how many sentences one message carries. */
export const SENTENCE_UNITS = ['sentence', 'sentences'];

/** Milliseconds per unit of a timeout; the documented spellings come first, for hints. */
export const TIME_UNITS: Record<string, number> = {
  s: 1_000,
  seconds: 1_000,
  m: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hours: 3_600_000,
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
};

export const DOCUMENTED_TIME_UNITS = ['s', 'seconds', 'm', 'minutes', 'h', 'hours'];
