import { replayRun } from '../../../runtime/run/run.js';
import { FileRunStore } from '../../../runtime/store/file-store.js';
import { parseCommandArgs } from '../args.js';
import { EXIT_FAILURE, EXIT_OK } from '../errors.js';
import { refusalOf } from '../run/refusals.js';
import { ndjsonPrinter } from '../run/session.js';
import { engineHelp, engineOption } from '../engine/engine-option.js';
import { restateRunStore } from '../engine/remote-log.js';
import type { Command } from './command.js';
import { singleRunId } from './resume.js';

export const replayCommand: Command = {
  summary: "re-run a run's journal with no agent calls and check it produces the same events",
  usage: `usage: coord replay [options] <run-id>

Rebuilds the run from its journal alone: every agent turn and human answer comes from
the journal, nothing is called and nothing is written. Checks that the same IR, driven
by the same results, produces the same events and outcome.

options:
  --json              print the regenerated events as NDJSON on stdout
  --runs-dir <dir>    where runs are kept (default: .coord/runs)
${engineHelp('file')}
                      With restate the run's log is read from the server and replayed here
  -h, --help          show this help

exit status: 0 the replay matches the journal, 1 it differs, 2 bad usage, no such run, or
             run files that are damaged (ir.json, machine.json or journal.jsonl)
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('replay', args, { json: { type: 'boolean' }, 'runs-dir': { type: 'string' }, engine: { type: 'string' } });
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    const runId = singleRunId('replay', positionals);
    const engine = engineOption('replay', values.engine, 'file');
    const store = engine.kind === 'file' ? new FileRunStore(values['runs-dir']) : await restateRunStore(engine.ingress, runId);
    const json = values.json === true;
    const result = await replayRun({ runId, store, ...(json ? { onEvent: ndjsonPrinter(true) } : {}) }).catch((error: unknown) => {
      throw refusalOf(error) ?? error;
    });
    if (!json) {
      const steps = result.events.filter((e) => e.type === 'turn.finished' || e.type === 'human.answered' || e.type === 'human.timedOut').length;
      if (result.matches) {
        process.stdout.write(`replayed run ${runId}: ${steps} steps, ${result.events.length} events, identical to the journal; outcome ${result.journaledOutcome ?? result.outcome}\n`);
      } else {
        process.stdout.write(`replayed run ${runId}: it differs from the journal\n`);
        for (const mismatch of result.mismatches) process.stdout.write(`  ${mismatch}\n`);
        if (result.mismatches.length === 0) process.stdout.write(`  outcome: journal ${result.journaledOutcome}, replay ${result.outcome}\n`);
      }
    }
    return result.matches ? EXIT_OK : EXIT_FAILURE;
  },
};
