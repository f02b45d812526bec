import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Tool } from '../../src/ir/schema.js';
import { resultText, ToolSetupError, type ToolDefinition, type ToolProvider } from './tool.js';

type McpTool = Tool & { source: { kind: 'mcp-stdio' | 'mcp-http' } };

/** Characters of a stdio server's stderr kept, to explain why it failed to start. */
const STDERR_TAIL = 2000;

/**
 * An MCP server as a provider of tools, through the official SDK's client: a stdio server is
 * started (in the .coord file's folder, with the SDK's default environment, so that no key of
 * coord's own reaches it) and stopped when the run closes its tools; an http server is reached
 * over the streamable HTTP transport. Its tools keep their own names.
 */
export async function openMcpServer(tool: McpTool): Promise<ToolProvider> {
  const { source } = tool;
  let stderr = '';
  let transport: Transport;
  if (source.kind === 'mcp-stdio') {
    const stdio = new StdioClientTransport({ command: source.command, args: source.args, cwd: source.cwd, stderr: 'pipe' });
    stdio.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL)));
    transport = stdio;
  } else {
    transport = new StreamableHTTPClientTransport(new URL(source.url));
  }
  const where = source.kind === 'mcp-stdio' ? `\`${[source.command, ...source.args].join(' ')}\`` : source.url;
  // The client's name and the MCP protocol version are what servers look at; coord's own version is not theirs to know.
  const client = new Client({ name: 'coord', version: '1' });
  try {
    await client.connect(transport);
  } catch (error) {
    await client.close().catch(() => undefined);
    const said = stderr.trim() ? `; it said: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : '';
    throw new ToolSetupError(`tool ${tool.name}: cannot reach the MCP server ${where}: ${(error as Error)?.message ?? String(error)}${said}`);
  }

  const definitions: ToolDefinition[] = [];
  try {
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await client.listTools(cursor ? { cursor } : undefined);
      for (const offered of page.tools) {
        definitions.push({ name: offered.name, description: offered.description ?? '', inputSchema: offered.inputSchema, declared: tool.name, limits: tool.limits });
      }
      cursor = page.nextCursor;
    }
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new ToolSetupError(`tool ${tool.name}: the MCP server ${where} did not list its tools: ${(error as Error)?.message ?? String(error)}`);
  }

  return {
    definitions,
    async call(name, args, signal) {
      try {
        const result = await client.callTool({ name, arguments: (args ?? {}) as Record<string, unknown> }, undefined, { signal });
        return { text: contentText(result), isError: result.isError === true };
      } catch (error) {
        if (signal.aborted) throw error;
        return { text: `error: ${(error as Error)?.message ?? String(error)}`, isError: true };
      }
    },
    close: () => client.close(),
  };
}

/** An MCP result as text: its text parts in order; other parts named; structured content when there is no text. */
function contentText(result: { content?: unknown; structuredContent?: unknown; toolResult?: unknown }): string {
  const parts = Array.isArray(result.content) ? (result.content as Array<{ type?: string; text?: string; mimeType?: string; resource?: { uri?: string; text?: string } }>) : [];
  const texts = parts.map((part) => {
    if (part.type === 'text') return part.text ?? '';
    if (part.type === 'resource') return part.resource?.text ?? `[resource ${part.resource?.uri ?? ''}]`;
    return `[${part.type ?? 'content'}${part.mimeType ? ` ${part.mimeType}` : ''}]`;
  });
  if (texts.length > 0) return texts.join('\n');
  return resultText(result.structuredContent ?? result.toolResult);
}
