import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/**
 * A real MCP server over streamable HTTP on 127.0.0.1 (port 0), built with the official SDK,
 * stateless (a server and transport per request, as the SDK's examples show), offering one
 * tool, `weather`, and recording every call it answers.
 */
export interface McpHttpServer {
  url: string;
  calls: Array<{ city: string }>;
  close(): Promise<void>;
}

export async function startMcpHttpServer(): Promise<McpHttpServer> {
  const calls: Array<{ city: string }> = [];
  const build = () => {
    const server = new McpServer({ name: 'weather', version: '1.0.0' });
    server.registerTool('weather', { description: 'Today\'s weather in a city.', inputSchema: { city: z.string() } }, async ({ city }) => {
      calls.push({ city });
      return { content: [{ type: 'text', text: `${city}: 18°C, light rain` }] };
    });
    return server;
  };
  const httpServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      if (req.method !== 'POST') {
        res.writeHead(405).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      const server = build();
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    close() {
      httpServer.closeAllConnections();
      return new Promise((resolve, reject) => httpServer.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
