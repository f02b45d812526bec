import { createServer, type Http2Server, type ServerHttp2Session } from 'node:http2';
import { createEndpointHandler } from '@restatedev/restate-sdk';
import { coordService, type CoordServiceOptions } from './service.js';
import { RestateRequestError } from './client.js';

export interface Worker {
  /** The address Restate calls this worker at (what was registered). */
  uri: string;
  close(): Promise<void>;
}

export interface WorkerOptions extends CoordServiceOptions {
  /** The Restate server's admin API, where the worker registers (e.g. http://127.0.0.1:9070). */
  admin: string;
  /** Port to serve on; workers on one host share it (SO_REUSEPORT), so they share one registration. */
  port: number;
  host?: string;
  /** The address Restate should call; default http://<host>:<port>. */
  advertise?: string;
}

/**
 * A `coord serve` process: serves coord's workflow service over HTTP/2 and registers it with
 * the Restate server. Workers on one host listen on the same port (the kernel spreads
 * Restate's connections over them), so when one dies the server's retry reaches another.
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const host = options.host ?? '127.0.0.1';
  const server: Http2Server = createServer(createEndpointHandler({ services: [coordService(options)] }));
  // Restate keeps its HTTP/2 connections open: closing the worker closes them too.
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (session: ServerHttp2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host, reusePort: true }, () => resolve());
  });
  const uri = options.advertise ?? `http://${host}:${options.port}`;
  try {
    await register(options.admin, uri);
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    uri,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.close();
        setTimeout(() => sessions.forEach((session) => session.destroy()), 1000).unref();
      }),
  };
}

/** Registers (or re-registers, unchanged) the deployment at `uri`; Restate then discovers the service there. */
async function register(admin: string, uri: string): Promise<void> {
  const url = `${admin.replace(/\/+$/, '')}/deployments`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uri }) });
  } catch (error) {
    throw new RestateRequestError(`cannot reach the Restate admin API at ${admin}: ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}`);
  }
  if (!response.ok) throw new RestateRequestError(`Restate refused to register ${uri}: ${(await response.text()).trim()}`, response.status);
}
