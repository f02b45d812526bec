import { nonNegativeInteger, oneOf, parseCommandArgs } from '../args.js';
import { EXIT_FAILURE, EXIT_OK } from '../errors.js';
import { collectCoordFiles } from '../files/collect-files.js';
import { SourceCache } from '../files/read-source.js';
import { lintFiles, type LintReport } from '../lint/lint-report.js';
import { painter, wantsColor } from '../output/colors.js';
import { renderGithub } from '../output/github.js';
import { renderJson } from '../output/json.js';
import { renderPretty } from '../output/pretty.js';
import { renderSarif } from '../output/sarif.js';
import type { Command } from './command.js';

const FORMATS = ['pretty', 'json', 'sarif', 'github'] as const;

export const lintCommand: Command = {
  summary: 'check workflows and report findings and static budget bounds',
  usage: `usage: coord lint [options] <file|dir>...

Checks .coord files (directories are searched recursively, skipping node_modules and
dot-directories) and reports each finding with its code, and each workflow's static budget bound.

options:
  --format <pretty|json|sarif|github>  output format (default: pretty)
  --max-warnings <n>                   also fail when there are more than n warnings
  --workers <n>                        check on n worker threads; 0 checks on the main thread alone
                                       (default: none under 512 kB of files, else one per two cores)
  -h, --help                           show this help

exit status: 0 no errors, 1 errors (or too many warnings), 2 bad usage or unreadable input
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('lint', args, {
      format: { type: 'string' },
      'max-warnings': { type: 'string' },
      workers: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    const format = oneOf('lint', 'format', values.format, FORMATS, 'pretty');
    const maxWarnings = nonNegativeInteger('lint', 'max-warnings', values['max-warnings']);
    const workers = nonNegativeInteger('lint', 'workers', values.workers);
    const files = await collectCoordFiles('lint', positionals);
    const report = await lintFiles(files, { workers, notify: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(await render(report, format));
    if (maxWarnings !== undefined && report.summary.warnings > maxWarnings) {
      const warnings = `${report.summary.warnings} warning${report.summary.warnings === 1 ? '' : 's'}`;
      process.stderr.write(`coord lint: ${warnings}, more than --max-warnings ${maxWarnings} allows\n`);
    }
    return lintExitCode(report, maxWarnings);
  },
};

async function render(report: LintReport, format: (typeof FORMATS)[number]): Promise<string> {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report);
    case 'github':
      return renderGithub(report);
    case 'pretty':
      return renderPretty(report, new SourceCache(), painter(wantsColor(process.stdout)));
  }
}

function lintExitCode(report: LintReport, maxWarnings: number | undefined): number {
  if (report.summary.errors > 0) return EXIT_FAILURE;
  if (maxWarnings !== undefined && report.summary.warnings > maxWarnings) return EXIT_FAILURE;
  return EXIT_OK;
}
