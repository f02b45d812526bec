import { parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK } from '../errors.js';
import { providersFor } from '../run/providers.js';
import { restateRefusalOf } from '../engine/engine-option.js';
import type { Command } from './command.js';

const DEFAULT_ADMIN = 'http://127.0.0.1:9070';
const DEFAULT_PORT = 9080;

export const serveCommand: Command = {
  summary: "serve coord's workflow service to a Restate server: this process runs its share of the runs",
  usage: `usage: coord serve [options]

Serves coord's workflow service (a run is a Restate workflow keyed by its run id) and
registers it with a Restate server. Runs submitted with 'coord submit' or
'coord run --engine restate' are executed by the serve processes registered there; start
as many as you like. Processes on one host share one port and one registration: when one
dies, Restate's retry reaches another, which finishes its runs from their journals.

Function agents are loaded from the paths the workflow names, so every serve process must
see the same files; LLM agents use this process's environment (API keys) and config file.

options:
  --admin <url>       the Restate server's admin API (default COORD_RESTATE_ADMIN, else ${DEFAULT_ADMIN})
  --port <n>          port to serve on (default ${DEFAULT_PORT}); serve processes on one host share it
  --host <host>       address to listen on (default 127.0.0.1)
  --advertise <url>   the address Restate calls (default http://<host>:<port>): a load
                      balancer in front of serve processes on several hosts
  --config <file>     provider config file (default: coord.config.json in the cwd)
  -h, --help          show this help

Stops on Ctrl-C or SIGTERM; runs it was executing are continued by another serve process.

exit status: 0 stopped by a signal, 2 bad usage, the port is taken by something else, or the
             Restate server cannot be reached or refused the registration
`,
  async run(args) {
    const { values } = parseCommandArgs('serve', args, {
      admin: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      advertise: { type: 'string' },
      config: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new CliError(`--port must be a port number, not '${values.port}'`);
    const admin = values.admin ?? process.env.COORD_RESTATE_ADMIN ?? DEFAULT_ADMIN;
    // The SDK logs every invocation at info; a worker's own lines say what matters.
    process.env.RESTATE_LOGGING ??= 'WARN';
    const { startWorker } = await import('../../../runtime/engine/restate/worker.js');
    const worker = await startWorker({
      admin,
      port,
      ...(values.host ? { host: values.host } : {}),
      ...(values.advertise ? { advertise: values.advertise } : {}),
      sessionFor: async (ir) => {
        const { llm, secrets, functionTimeoutMs } = await providersFor(ir, { configPath: values.config, stream: false, callsModels: true });
        return { secrets, ...(llm ? { llm } : {}), ...(functionTimeoutMs !== undefined ? { functionTimeoutMs } : {}) };
      },
    }).catch(async (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`port ${port} is in use by a process that is not a coord serve`, 'pick another --port');
      throw (await restateRefusalOf(error)) ?? error;
    });
    process.stdout.write(`coord serve: serving coord runs at ${worker.uri}, registered with ${admin} (pid ${process.pid})\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await worker.close();
    return EXIT_OK;
  },
};
