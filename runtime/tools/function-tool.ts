import { z } from 'zod';
import type { Tool } from '../../src/ir/schema.js';
import { importAgentModule } from '../agents/load-module.js';
import { resultText, ToolSetupError, type ToolProvider } from './tool.js';

/**
 * A function tool: a TypeScript or JavaScript module whose default export (or export `tool`)
 * is `{ description, parameters, execute }`, `parameters` a JSON Schema of the arguments and
 * `execute(args, { signal })` returning a string or any JSON value. A throw is the tool's
 * error, which the model reads; the turn goes on.
 */
const ToolModule = z.object({
  description: z.string().default(''),
  parameters: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
  execute: z.custom<(args: unknown, options: { signal: AbortSignal }) => unknown>((value) => typeof value === 'function', 'execute must be a function'),
});

/** The longest one call may take, as the MCP SDK allows a server's answer by default; past it the model reads an error. */
export const FUNCTION_TOOL_TIMEOUT_MS = 60_000;

export async function openFunctionTool(tool: Tool & { source: { kind: 'function' } }, timeoutMs = FUNCTION_TOOL_TIMEOUT_MS): Promise<ToolProvider> {
  const { module } = tool.source;
  let exports: Record<string, unknown>;
  try {
    exports = await importAgentModule(module);
  } catch (error) {
    throw new ToolSetupError(`tool ${tool.name}: cannot load ${module}: ${(error as Error)?.message ?? String(error)}`);
  }
  const parsed = ToolModule.safeParse(exports.tool ?? exports.default);
  if (!parsed.success) {
    throw new ToolSetupError(
      `tool ${tool.name}: ${module} must export (as default or as \`tool\`) { description, parameters, execute }: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'export'}: ${i.message}`).join('; ')}`,
    );
  }
  const { description, parameters, execute } = parsed.data;
  return {
    definitions: [{ name: tool.name, description, inputSchema: parameters, declared: tool.name, limits: tool.limits }],
    async call(_name, args, signal) {
      if (signal.aborted) throw signal.reason;
      const timeout = AbortSignal.timeout(timeoutMs);
      const stopped = AbortSignal.any([signal, timeout]);
      let stop: (() => void) | undefined;
      const expired = new Promise<never>((_, reject) => {
        stop = () => reject(signal.aborted ? signal.reason : new Error(`no result in ${timeoutMs} ms`));
        stopped.addEventListener('abort', stop, { once: true });
      });
      try {
        return { text: resultText(await Promise.race([Promise.resolve(execute(args, { signal: stopped })), expired])), isError: false };
      } catch (error) {
        // The run stopping ends the call; the tool's own failure (or slowness) is the model's to read.
        if (signal.aborted) throw error;
        return { text: `error: ${(error as Error)?.message ?? String(error)}`, isError: true };
      } finally {
        stopped.removeEventListener('abort', stop!);
      }
    },
    close: async () => {},
  };
}
