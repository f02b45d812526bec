import { describe, expect, it } from 'vitest';
import { LintJson } from '../../src/cli/output/json.js';
import { runCli, tempProject } from '../cli/support/run-cli.js';

interface Found {
  code: string;
  severity: string;
  /** The source text the diagnostic's range covers. */
  covers: string;
  at: string;
}

/** Lints one file through the CLI (`--format json`) and returns each finding with the text its range covers. */
async function lint(source: string): Promise<{ code: number; found: Found[] }> {
  const root = await tempProject({ 'flow.coord': source });
  const result = await runCli(['lint', '--format', 'json', 'flow.coord'], { cwd: root });
  const report = LintJson.parse(JSON.parse(result.stdout));
  const lines = source.split('\n');
  const found = report.files.flatMap((file) =>
    file.diagnostics.map((d) => {
      const { start, end } = d.range!;
      const covered =
        start.line === end.line
          ? lines[start.line - 1]!.slice(start.column - 1, end.column - 1)
          : [lines[start.line - 1]!.slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1]!.slice(0, end.column - 1)].join('\n');
      return { code: d.code, severity: d.severity, covers: covered, at: `${start.line}:${start.column}-${end.line}:${end.column}` };
    }),
  );
  return { code: result.code, found };
}

const AGENTS = `
  agent splitter { model "openai:gpt-4o-mini" budget 300 tokens per turn output { chunks: string[] } }
  agent summarizer { model "openai:gpt-4o-mini" budget 200 tokens per turn }
  agent style { model "openai:gpt-4o-mini" budget 200 tokens per turn output { verdict: string } }
  agent facts { model "openai:gpt-4o-mini" budget 200 tokens per turn output { verdict: string } }
  agent critic { model "openai:gpt-4o-mini" budget 200 tokens per turn output { score: number } }
  agent publisher { model "openai:gpt-4o-mini" budget 200 tokens per turn }`;

function workflow(flow: string): string {
  return `workflow w {\n  budget 20000 tokens\n${AGENTS}\n  flow {\n${flow}\n  }\n}\n`;
}

describe('lint findings on fan-out (map)', () => {
  it('reports COORD201 at the map name when a map has no max, and exits 1', async () => {
    const { code, found } = await lint(
      workflow(`    start splitter
    splitter -> summaries
    map summaries = summarizer over splitter.chunks concurrency 4
    summaries -> done`),
    );
    expect(code).toBe(1);
    expect(found).toEqual([{ code: 'COORD201', severity: 'error', covers: 'summaries', at: '13:9-13:18' }]);
  });

  it('is clean once the map has a max', async () => {
    const { code, found } = await lint(
      workflow(`    start splitter
    splitter -> summaries
    map summaries = summarizer over splitter.chunks max 20 concurrency 4 on failure drop
    summaries -> done`),
    );
    expect(code).toBe(0);
    expect(found).toEqual([]);
  });

  it('reports COORD213 at the whole map when its concurrency is above its max', async () => {
    const { found } = await lint(
      workflow(`    start splitter
    splitter -> summaries
    map summaries = summarizer over splitter.chunks max 2 concurrency 4
    summaries -> done`),
    );
    expect(found).toEqual([{ code: 'COORD213', severity: 'warning', covers: 'map summaries = summarizer over splitter.chunks max 2 concurrency 4', at: '13:5-13:72' }]);
  });
});

describe('lint findings on parallel branches', () => {
  it('reports COORD204 at the region when two branches run the same agent', async () => {
    const { code, found } = await lint(
      workflow(`    start review
    parallel review join all {
      branch summarizer
      branch summarizer
    }
    review -> done`),
    );
    expect(code).toBe(1);
    expect(found.map((f) => [f.code, f.severity, f.at])).toEqual([['COORD204', 'error', '12:5-15:6']]);
    expect(found[0]!.covers.startsWith('parallel review join all {')).toBe(true);
  });

  it('reports COORD205 at the region when branches write the same output field', async () => {
    const { code, found } = await lint(
      workflow(`    start review
    parallel review join first {
      branch style
      branch facts
    }
    review -> publisher
    publisher -> done`),
    );
    expect(code).toBe(0);
    expect(found.map((f) => [f.code, f.severity, f.at])).toEqual([['COORD205', 'warning', '12:5-15:6']]);
  });

  it('reports a branch step that is not an agent (so its branch can never reach the join) at the step, as COORD021', async () => {
    const { code, found } = await lint(
      workflow(`    start review
    parallel review join all {
      branch critic -> ask
      branch style
    }
    human ask approval "ok?"
    ask -> done
    review -> done`),
    );
    expect(code).toBe(1);
    expect(found).toEqual([{ code: 'COORD021', severity: 'error', covers: 'ask', at: '13:24-13:27' }]);
  });
});

describe('lint findings on human steps', () => {
  it('reports COORD209 at the step when nothing can follow a rejection', async () => {
    const { code, found } = await lint(
      workflow(`    start critic
    critic -> approve
    human approve approval "Publish?" timeout 30 minutes -> done
    approve -> publisher when approve.approved
    publisher -> done`),
    );
    expect(code).toBe(0);
    expect(found).toEqual([{ code: 'COORD209', severity: 'warning', covers: 'human approve approval "Publish?" timeout 30 minutes -> done', at: '13:5-13:65' }]);
  });

  it('is clean with a rejection path', async () => {
    const { found } = await lint(
      workflow(`    start critic
    critic -> approve
    human approve approval "Publish?" timeout 30 minutes -> done
    approve -> publisher when approve.approved
    approve -> critic when not approve.approved max 2
    approve -> done
    publisher -> done`),
    );
    expect(found).toEqual([]);
  });

  it('reports COORD211 at the transition when a guard compares a choice with an option it does not offer', async () => {
    const { found } = await lint(
      workflow(`    start pick
    human pick choice "Which length?" options "short", "long"
    pick -> publisher when pick.choice == "medium"
    pick -> done
    publisher -> done`),
    );
    expect(found).toEqual([{ code: 'COORD211', severity: 'error', covers: 'pick -> publisher when pick.choice == "medium"', at: '13:5-13:51' }]);
  });
});
