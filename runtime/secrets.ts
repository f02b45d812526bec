/**
 * Known secrets (API keys from the environment and the config file) kept out of
 * everything a run writes or prints: provider messages, events, the journal, the
 * snapshot and the command's output. A secret is replaced wherever it appears in a
 * string, so a key a provider echoes in an error body, or a model repeats, is never
 * written down.
 */

/** What a secret becomes. */
export const REDACTED = '[redacted]';

/** Shorter values are too likely to occur by chance to be replaced everywhere. */
const MIN_SECRET_LENGTH = 8;

/** Environment variables that hold secrets by their name: OPENAI_API_KEY, GITHUB_TOKEN, DB_PASSWORD. */
const SECRET_NAME = /(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;

/** Request headers that carry credentials by their name: Authorization, X-Api-Key, X-Auth-Token. */
const SECRET_HEADER = /auth|key|token|secret/i;

interface SecretSources {
  providers?: Record<string, { apiKey?: string; baseURL?: string; headers?: Record<string, string> } | undefined>;
  endpoints?: Record<string, { apiKeyEnv?: string; headers?: Record<string, string> }>;
}

function secretHeaders(headers: Record<string, string> | undefined): string[] {
  return Object.entries(headers ?? {}).flatMap(([name, value]) => (SECRET_HEADER.test(name) ? [value] : []));
}

/**
 * The secrets the environment and the config file hold: every `*_KEY`, `*_TOKEN`, `*_SECRET`
 * variable, every `apiKey`, the variable each endpoint's `apiKeyEnv` names (whatever its name),
 * and credential headers.
 */
export function knownSecrets(env: Readonly<Record<string, string | undefined>>, config?: SecretSources): string[] {
  const fromEnv = Object.entries(env).flatMap(([name, value]) => (value !== undefined && SECRET_NAME.test(name) ? [value] : []));
  const fromProviders = Object.values(config?.providers ?? {}).flatMap((provider) => [...(provider?.apiKey ? [provider.apiKey] : []), ...secretHeaders(provider?.headers)]);
  const fromEndpoints = Object.values(config?.endpoints ?? {}).flatMap((endpoint) => [
    ...(endpoint.apiKeyEnv !== undefined && env[endpoint.apiKeyEnv] !== undefined ? [env[endpoint.apiKeyEnv]!] : []),
    ...secretHeaders(endpoint.headers),
  ]);
  return [...new Set([...fromEnv, ...fromProviders, ...fromEndpoints].map((s) => s.trim()).filter((s) => s.length >= MIN_SECRET_LENGTH))];
}

export interface Redactor {
  /** The text with every known secret replaced. */
  text(value: string): string;
  /** A copy of any JSON-like value with every string redacted (the value itself when nothing was). */
  value<T>(value: T): T;
}

export function createRedactor(secrets: readonly string[]): Redactor {
  // Longest first, so a key that contains another is replaced whole.
  const ordered = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  const text = (value: string): string => (ordered.some((s) => value.includes(s)) ? ordered.reduce((out, s) => out.split(s).join(REDACTED), value) : value);
  const value = <T>(input: T): T => {
    if (ordered.length === 0) return input;
    if (typeof input === 'string') return text(input) as T;
    if (Array.isArray(input)) return input.map(value) as T;
    if (input && typeof input === 'object' && Object.getPrototypeOf(input) === Object.prototype) {
      return Object.fromEntries(Object.entries(input).map(([key, inner]) => [text(key), value(inner)])) as T;
    }
    return input;
  };
  return { text, value };
}
