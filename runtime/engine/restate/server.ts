import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';

/** Restate's server is not part of coord's install: this says how to get it. */
export class RestateServerMissing extends Error {
  override readonly name = 'RestateServerMissing';
  constructor() {
    super(
      `the Restate server is not installed (the npm package @restatedev/restate-server-${platform()}-${arch()}); ` +
        'install it with `npm install --save-dev @restatedev/restate-server`, run it with `npx restate-server`, ' +
        'or point coord at a running server with --engine restate=<ingress URL>',
    );
  }
}

export interface RestateServer {
  /** Where runs are submitted and followed (`--engine restate=<ingress>`). */
  ingress: string;
  /** Where workers register (`coord serve --admin <admin>`). */
  admin: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The restate-server binary inside its npm package. */
export function restateServerBinary(): string {
  try {
    return createRequire(import.meta.url).resolve(`@restatedev/restate-server-${platform()}-${arch()}/bin/restate-server`);
  } catch {
    throw new RestateServerMissing();
  }
}

/**
 * Starts a single-node Restate server on 127.0.0.1 with its data in `dataDir`, on free ports
 * (tests, benchmarks, development). It needs no network.
 */
export async function startRestateServer(dataDir: string, options: { timeoutMs?: number } = {}): Promise<RestateServer> {
  const [ingressPort, adminPort, nodePort] = await Promise.all([freePort(), freePort(), freePort()]);
  const child = spawn(restateServerBinary(), ['--base-dir', dataDir, '--listen-mode', 'tcp', '--no-logo', '--node-name', 'coord'], {
    env: {
      ...process.env,
      RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${ingressPort}`,
      RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${adminPort}`,
      RESTATE_BIND_ADDRESS: `127.0.0.1:${nodePort}`,
      RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${nodePort}/`,
      RESTATE_LOG_FILTER: process.env.RESTATE_LOG_FILTER ?? 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => (stderr = (stderr + data.toString()).slice(-4000)));
  const server: RestateServer = {
    ingress: `http://127.0.0.1:${ingressPort}`,
    admin: `http://127.0.0.1:${adminPort}`,
    process: child,
    stop: () => stopProcess(child),
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`restate-server exited with code ${child.exitCode}: ${stderr.trim()}`);
    if ((await healthy(`${server.admin}/health`)) && (await healthy(`${server.ingress}/restate/health`))) return server;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.stop();
  throw new Error(`restate-server did not become healthy within ${options.timeoutMs ?? 30_000} ms: ${stderr.trim()}`);
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
