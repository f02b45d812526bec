import { z } from 'zod';

/**
 * Whether a run is traced, and where the spans go. Tracing is on when the config file's
 * `tracing` section gives an endpoint, or when the standard OpenTelemetry variables do
 * (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces); the
 * variables win, as they do for every OpenTelemetry SDK. OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none turn it off whatever the file says.
 */

export const TracingConfig = z.strictObject({
  /** The OTLP/HTTP traces URL of a collector, e.g. http://localhost:4318/v1/traces. */
  endpoint: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /** Headers sent with every export (a collector's API key, a tenant). */
  headers: z.record(z.string(), z.string()).optional(),
  /** The service.name of the spans (default "coord"). */
  serviceName: z.string().min(1).optional(),
});
export type TracingConfig = z.infer<typeof TracingConfig>;

export interface TracingSettings {
  url: string;
  headers: Record<string, string>;
  serviceName: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function set(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** OTEL_EXPORTER_OTLP_HEADERS: "key=value,key2=value2", values percent-encoded. */
function parseHeaders(value: string | undefined): Record<string, string> {
  if (value === undefined) return {};
  const pairs = value.split(',').flatMap((pair) => {
    const eq = pair.indexOf('=');
    return eq <= 0 ? [] : [[pair.slice(0, eq).trim(), decodeURIComponent(pair.slice(eq + 1).trim())] as const];
  });
  return Object.fromEntries(pairs);
}

/** The settings of the run's tracer, or undefined when tracing is off. */
export function resolveTracing(env: Env, config: TracingConfig | undefined): TracingSettings | undefined {
  if (set(env.OTEL_SDK_DISABLED)?.toLowerCase() === 'true' || set(env.OTEL_TRACES_EXPORTER)?.toLowerCase() === 'none') return undefined;
  const base = set(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const url = set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined) ?? config?.endpoint;
  if (url === undefined) return undefined;
  return {
    url,
    headers: { ...config?.headers, ...parseHeaders(set(env.OTEL_EXPORTER_OTLP_HEADERS)), ...parseHeaders(set(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS)) },
    serviceName: set(env.OTEL_SERVICE_NAME) ?? config?.serviceName ?? 'coord',
  };
}
