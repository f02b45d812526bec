import type { WorkflowIR } from '../../ir/schema.js';
import type { ProviderConfigFile } from '../../../runtime/providers/config.js';
import { resolveTracing } from '../../../runtime/tracing/settings.js';
import type { RunTracer } from '../../../runtime/tracing/tracer.js';

/**
 * The run's tracer when tracing is on (the config file's `tracing`, or the OTEL_* variables),
 * else undefined. The OpenTelemetry SDK is imported only then, so untraced runs never load it.
 */
/** Sends the run's spans; a trace that could not be sent is one line on stderr, never a failed run. */
export async function closeTracer(tracer: RunTracer | undefined, command: string): Promise<void> {
  const failure = await tracer?.shutdown();
  if (failure) process.stderr.write(`coord ${command}: ${failure}\n`);
}

export async function openTracer(ir: WorkflowIR, config: ProviderConfigFile, env: NodeJS.ProcessEnv = process.env): Promise<RunTracer | undefined> {
  const settings = resolveTracing(env, config.tracing);
  if (settings === undefined) return undefined;
  const { createRunTracer, otlpSink } = await import('../../../runtime/tracing/tracer.js');
  return createRunTracer(ir, otlpSink(settings), settings.serviceName);
}
