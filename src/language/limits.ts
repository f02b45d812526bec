/**
 * How much of a hostile file coord looks at: a workflow from an untrusted pull request
 * must not hold a CI runner for minutes or gigabytes. Each limit is far beyond what a
 * person writes, and each says so when it is reached.
 */

/** The largest .coord file coord reads (root or import): about 29,000 lines of a generated workflow, far beyond any written by hand. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** Syntax errors after which the parser stops recovering (only the first is reported; the rest are its echoes). */
export const MAX_SYNTAX_ERRORS = 50;

/** Unexpected characters reported, at most, before checking stops. */
export const MAX_LEXER_ERRORS = 100;

/** A token quoted in a message longer than this is shown abbreviated. */
const MAX_SHOWN_TOKEN = 60;
/** Any run of non-space characters in a message longer than this is abbreviated (paths stay whole). */
const MAX_SHOWN_WORD = 200;

/** A long token (a 1 MB identifier) as its start, its end and its length, so that a message stays a line. */
export function abbreviate(token: string, max = MAX_SHOWN_TOKEN): string {
  if (token.length <= max) return token;
  return `${token.slice(0, 24)}…${token.slice(-12)} (${token.length} characters)`;
}

/** A message with every overlong run of non-space characters abbreviated: the last guard, whoever wrote the message. */
export function abbreviateLongWords(message: string): string {
  return message.replace(new RegExp(`\\S{${MAX_SHOWN_WORD + 1},}`, 'g'), (word) => abbreviate(word, MAX_SHOWN_WORD));
}

/** A limit for people: 1 MiB, 512 KiB. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
