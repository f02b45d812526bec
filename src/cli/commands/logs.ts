import type { RunEvent } from '../../../runtime/events.js';
import { RunNotFound } from '../../../runtime/run/refusals.js';
import { FileRunStore } from '../../../runtime/store/file-store.js';
import { createPlainPrinter } from '../../ui/plain-printer.js';
import { parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK } from '../errors.js';
import { engineHelp, engineOption, restateRefusalOf, restateRuns } from '../engine/engine-option.js';
import { followRun } from '../engine/follow.js';
import { refusalOf } from '../run/refusals.js';
import { stopOnSignals } from '../run/session.js';
import type { Command } from './command.js';
import { singleRunId } from './resume.js';

export const logsCommand: Command = {
  summary: "print a run's events from its run log, from either engine",
  usage: `usage: coord logs [options] <run-id>

Prints the events of a run's log, the same lines 'coord run' prints (or, with --json, the
same NDJSON): of a run on a Restate server (by default), or of one in the local runs
folder. With --follow it goes on printing as the run goes on, until it ends.

options:
${engineHelp('restate')}
  --runs-dir <dir>    with --engine file: where runs are kept (default: .coord/runs)
  --follow            keep printing new events until the run ends (Restate engine)
  --json              print events as NDJSON
  -h, --help          show this help

exit status: 0 printed, 2 bad usage, no such run, or the Restate server cannot be reached
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('logs', args, {
      engine: { type: 'string' },
      'runs-dir': { type: 'string' },
      follow: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    const runId = singleRunId('logs', positionals);
    const engine = engineOption('logs', values.engine, 'restate');
    const printer = createPlainPrinter((text) => process.stdout.write(text));
    const print = values.json ? (event: RunEvent) => process.stdout.write(`${JSON.stringify(event)}\n`) : (event: RunEvent) => printer.onEvent(event);
    if (engine.kind === 'file') {
      if (values.follow) throw new CliError('--follow follows runs on a Restate server', "a local run's log is complete once its session ends");
      const store = new FileRunStore(values['runs-dir']);
      const stored = await store.read(runId).catch((error: unknown) => {
        throw refusalOf(error) ?? error;
      });
      if (!stored) throw refusalOf(new RunNotFound(runId, store.root))!;
      for (const record of stored.records) if (record.kind === 'event') print(record.event);
      return EXIT_OK;
    }
    const runs = await restateRuns(engine.ingress);
    const stopper = stopOnSignals(false);
    try {
      if (values.follow) await followRun(runs, runId, print, { untilQuestion: false, signal: stopper.signal });
      else for (const record of (await runs.log(runId)).records) if (record.kind === 'event') print(record.event);
    } catch (error) {
      throw (await restateRefusalOf(error, runId)) ?? error;
    } finally {
      stopper.dispose();
    }
    return EXIT_OK;
  },
};
