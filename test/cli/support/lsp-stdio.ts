import { spawn } from 'node:child_process';

/**
 * Starts a language server on stdio (`command args`), goes through initialize, initialized, shutdown
 * and exit, and returns the capabilities it announced and its exit code.
 */
export async function lspHandshake(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  const send = (message: object) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const responses = readMessages(child.stdout);
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  const initialized = await responses.next(1);
  send({ method: 'initialized', params: {} });
  send({ id: 2, method: 'shutdown' });
  const shutdown = await responses.next(2);
  send({ method: 'exit' });
  return { capabilities: initialized.result?.capabilities as Record<string, unknown> | undefined, shutdown: shutdown.result, code: await closed };
}

/** Reads LSP base-protocol messages from a stream and hands out responses by id. */
function readMessages(stream: NodeJS.ReadableStream) {
  let buffer = Buffer.alloc(0);
  const byId = new Map<number, { result?: { capabilities?: object } | null }>();
  const waiting = new Map<number, (message: { result?: { capabilities?: object } | null }) => void>();
  stream.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (typeof message.id !== 'number' || message.method) continue;
      byId.set(message.id, message);
      waiting.get(message.id)?.(message);
    }
  });
  return {
    next(id: number): Promise<{ result?: { capabilities?: object } | null }> {
      const known = byId.get(id);
      return known ? Promise.resolve(known) : new Promise((resolve) => waiting.set(id, resolve));
    },
  };
}
