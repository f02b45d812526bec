import { parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK } from '../errors.js';
import { coordCommand } from '../invocation.js';
import { engineHelp, engineOption, restateRefusalOf, restateRuns } from '../engine/engine-option.js';
import type { Command } from './command.js';
import { parseAnswer } from './resume.js';

export const answerCommand: Command = {
  summary: 'answer a question a run on a Restate server waits on',
  usage: `usage: coord answer [options] <run-id> <question> <value>

Answers one question of a run on a Restate server: <question> is its id as
'coord status' shows it (e.g. publish#1), <value> the answer (JSON, or plain text: yes,
no, one of a choice's options). The answer is tied to that question: an answer to a
question the run does not wait on, or a different answer to one already answered, is
refused; the same answer again does nothing. The run goes on on whichever serve process
holds it. (A run in the local runs folder is answered with 'coord resume --input'.)

options:
${engineHelp('restate')}
  -h, --help          show this help

exit status: 0 answered (or it already had this answer), 2 bad usage, an answer refused
             (another question, already answered otherwise, not a valid answer), no such
             run, or the Restate server cannot be reached
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('answer', args, { engine: { type: 'string' } });
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    const engine = engineOption('answer', values.engine, 'restate');
    if (positionals.length !== 3) throw new CliError(`expected a run id, a question and a value, got ${positionals.length} arguments`, `usage: ${coordCommand()} answer <run-id> <question> <value>`);
    if (engine.kind !== 'restate') throw new CliError('coord answer answers runs on a Restate server', `answer a local run with '${coordCommand()} resume <run-id> --input <value> --question <question>'`);
    const [runId, question, raw] = positionals as [string, string, string];
    const runs = await restateRuns(engine.ingress);
    const reply = await runs.answer(runId, question, parseAnswer(raw)).catch(async (error: unknown) => {
      throw (await restateRefusalOf(error, runId)) ?? error;
    });
    if (reply.status === 'already_given') process.stderr.write(`coord answer: question ${question} of run ${runId} already has this answer; nothing to do\n`);
    else process.stdout.write(`answered ${question} of run ${runId}\n`);
    return EXIT_OK;
  },
};
