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

export async function openFunctionTool(tool: Tool & { source: { kind: 'function' } }): Promise<ToolProvider> {
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
      try {
        return { text: resultText(await execute(args, { signal })), isError: false };
      } catch (error) {
        return { text: `error: ${(error as Error)?.message ?? String(error)}`, isError: true };
      }
    },
    close: async () => {},
  };
}
