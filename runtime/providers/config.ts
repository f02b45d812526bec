import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isBuiltinProvider, parseModelRef } from '../../src/ir/model-ref.js';
import { TracingConfig } from '../tracing/settings.js';

/**
 * Provider settings from `coord.config.json`: keys, base URLs and request limits. Never read
 * from the .coord file, so that a workflow can be shared without its secrets. Environment
 * variables win over the file (see registry.ts for which variable sets what).
 */

export const CONFIG_FILE_NAME = 'coord.config.json';

/**
 * The sections of the config file that providers and function agents read; other parts of coord
 * may add their own. Built on first use (a config file parsed, or the JSON Schema): most runs
 * have no config file, and building these schemas at import was about 7 ms of a run's start.
 */
export const ProviderConfigFile = z.lazy(() => {
  const BaseURL = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

  /** Extra HTTP headers sent with every request (an organisation, a gateway's routing key). */
  const Headers = z.record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name'), z.string());

  /** Limits for provider calls; defaults live in retry.ts. */
  const RequestsConfig = z.strictObject({
    /** Milliseconds before an attempt is abandoned (and retried): the whole answer, or for a stream the longest silence. */
    timeoutMs: z.number().int().positive().optional(),
    /** Attempts per call, the first included. */
    maxAttempts: z.number().int().min(1).max(10).optional(),
    baseDelayMs: z.number().int().nonnegative().optional(),
    /** The longest coord waits between attempts, a Retry-After included. */
    maxDelayMs: z.number().int().nonnegative().optional(),
  });

  const KeyedProvider = z.strictObject({
    apiKey: z.string().min(1).optional(),
    baseURL: BaseURL.optional(),
    headers: Headers.optional(),
    /** This provider's own limits, over the file's `requests`. */
    requests: RequestsConfig.optional(),
  });

  const ProvidersConfig = z.strictObject({
    openai: KeyedProvider.optional(),
    anthropic: KeyedProvider.optional(),
    ollama: z.strictObject({ baseURL: BaseURL.optional(), headers: Headers.optional(), requests: RequestsConfig.optional() }).optional(),
  });

  /** An OpenAI-compatible server (vLLM, llama.cpp, LM Studio, a gateway), used as "<name>:<model>". */
  const EndpointConfig = z.strictObject({
    /** The API's root, up to and including /v1. */
    baseURL: BaseURL,
    /** The environment variable that holds the key. None: the server takes no key, and no Authorization header is sent. */
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
    headers: Headers.optional(),
    /** This endpoint's own limits, over the file's `requests`. */
    requests: RequestsConfig.optional(),
  });

  /** Endpoint names, checked here rather than as record keys so that each error names the endpoint. */
  const Endpoints = z.record(z.string(), EndpointConfig).superRefine((endpoints, ctx) => {
    for (const name of Object.keys(endpoints)) {
      if (isBuiltinProvider(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'is a built-in provider; configure it under providers, or pick another name' });
      else if (!/^[a-z][a-z0-9_-]*$/.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'an endpoint name is lower-case letters, digits, - and _, starting with a letter' });
    }
  });

  /** US dollars per million tokens, input and output. */
  const PriceConfig = z.strictObject({ input: z.number().nonnegative(), output: z.number().nonnegative() });

  /** Limits for function agents (runtime/agents/function.ts). */
  const FunctionsConfig = z.strictObject({
    /** Milliseconds one turn of a function agent may take before its thread is stopped and the turn fails (default 300000). */
    timeoutMs: z.number().int().positive().optional(),
  });

  return z.looseObject({
    providers: ProvidersConfig.optional(),
    /** Named OpenAI-compatible endpoints, any number of them. */
    endpoints: Endpoints.optional(),
    requests: RequestsConfig.optional(),
    /** Prices that override the bundled ones (prices.ts), keyed by "provider:model". */
    prices: z.record(z.string().refine((ref) => parseModelRef(ref) !== undefined, 'must be "provider:model"'), PriceConfig).optional(),
    functions: FunctionsConfig.optional(),
    /** Where a run's OpenTelemetry spans go (runtime/tracing/settings.ts); the OTEL_* variables win over it. */
    tracing: TracingConfig.optional(),
  });
});
export type ProviderConfigFile = z.infer<typeof ProviderConfigFile>;
/** Limits for provider calls; defaults live in retry.ts. */
export type RequestsConfig = NonNullable<ProviderConfigFile['requests']>;
export type ProvidersConfig = NonNullable<ProviderConfigFile['providers']>;
/** An OpenAI-compatible server (vLLM, llama.cpp, LM Studio, a gateway), used as "<name>:<model>". */
export type EndpointConfig = NonNullable<ProviderConfigFile['endpoints']>[string];

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ConfigLocation {
  /** `--config path`: used as given, and an error when missing. */
  explicitPath?: string;
  /** The .coord file being run: a config file next to it comes first. */
  workflowFile?: string;
  cwd: string;
}

/** The config file to use: `--config`, else next to the workflow, else in the cwd; none is fine. */
export function findConfigFile(location: ConfigLocation): string | undefined {
  if (location.explicitPath !== undefined) {
    const explicit = path.resolve(location.cwd, location.explicitPath);
    if (!fs.existsSync(explicit)) throw new ConfigError(`${explicit}: config file not found (given with --config)`);
    return explicit;
  }
  const candidates = [
    ...(location.workflowFile ? [path.join(path.dirname(path.resolve(location.cwd, location.workflowFile)), CONFIG_FILE_NAME)] : []),
    path.join(location.cwd, CONFIG_FILE_NAME),
  ];
  return candidates.find((candidate) => fs.existsSync(candidate));
}

/** Parses a config file's text; errors name the file and the setting at fault. */
export function parseConfig(text: string, file: string): ProviderConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = ProviderConfigFile.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  throw new ConfigError(`${file}: invalid configuration\n${problems.join('\n')}`);
}

/** Finds and reads the config file; an empty configuration when there is none. */
export function loadConfig(location: ConfigLocation): { config: ProviderConfigFile; file?: string } {
  const file = findConfigFile(location);
  if (file === undefined) return { config: {} };
  return { config: parseConfig(fs.readFileSync(file, 'utf8'), file), file };
}
