import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { checkText } from '../../src/language/index.js';

const file = nodePath.resolve(import.meta.dirname, '../fixtures/valid/checks.coord');

async function findings(body: string, flow = 'flow { start a  a -> done }'): Promise<Diagnostic[]> {
  const { diagnostics } = await checkText(`workflow w {\n  agent a { model "openai:x" }\n${body}\n  ${flow}\n}\n`, file);
  return diagnostics;
}

const brief = (d: Diagnostic) => `${d.code} ${d.range.start.line}:${d.range.start.column} ${d.message}${d.hint ? ` (${d.hint})` : ''}`;

describe('names and keywords', () => {
  it('suggests the keyword for a misspelt one at the top of a workflow', async () => {
    const ds = await findings('  agnet b { model "openai:x" }');
    expect(ds.map(brief)).toEqual(["COORD002 3:3 unknown keyword 'agnet' (did you mean 'agent'?)"]);
  });

  it('rejects a local declaration that reuses an imported name', async () => {
    const { diagnostics } = await checkText(
      'import "./shared/policies.coord"\nworkflow w {\n  agent editor { model "openai:x" }\n  flow { start editor  editor -> done }\n}\n',
      file,
    );
    expect(diagnostics.map(brief)).toEqual(["COORD020 3:9 'editor' is already declared in policies.coord (rename one of them)"]);
  });

  it('treats flow nodes and agents as one namespace', async () => {
    const ds = await findings('', 'flow { start a  human a approval "ok?"  a -> done }');
    expect(ds.map((d) => d.code)).toEqual(['COORD020']);
  });

  it('does not check output fields of a function agent without a declared output', async () => {
    const { diagnostics } = await checkText(
      'workflow w {\n  agent t { function "./agents/tally.ts" }\n  flow { start t  t -> done when t.count > 0  t -> done }\n}\n',
      file,
    );
    expect(diagnostics).toEqual([]);
  });

  it('lets a guard read `text` from an agent without a declared output', async () => {
    expect(await findings('', 'flow { start a  a -> done when a.text == "ok"  a -> done }')).toEqual([]);
  });
});

describe('budgets', () => {
  it('reports a per-turn budget above the agent total, and an agent total above the workflow budget', async () => {
    const { diagnostics } = await checkText(
      'workflow w {\n  budget 1000 tokens\n  agent a {\n    model "openai:x"\n    budget 500 tokens per turn\n    budget 400 tokens total\n  }\n  agent b {\n    model "openai:x"\n    budget 2000 tokens\n  }\n  flow { start a  a -> b  b -> done }\n}\n',
      file,
    );
    expect(diagnostics.map(brief)).toEqual([
      "COORD032 5:12 per-turn budget 500 exceeds the agent's total budget 400 (lower it to at most 400, or raise the agent's total budget)",
      "COORD032 10:12 agent's total budget 2000 exceeds the workflow budget 1000 (lower it to at most 1000, or raise the workflow budget)",
    ]);
  });

  it('compares a per-message budget inherited from a policy with the channel per-run budget, pointing at the channel', async () => {
    const ds = await findings('  agent b { model "openai:x" }\n  policy p { budget 500 tokens per message }\n  channel a -> b uses p { budget 100 tokens per run }');
    expect(ds.map(brief)).toEqual([
      "COORD032 5:16 per-message budget 500 exceeds the channel's per-run budget 100 (lower it to at most 100, or raise the channel's per-run budget)",
    ]);
  });

  it('lets the channel override the policy budget of the same scope', async () => {
    const ds = await findings('  agent b { model "openai:x" }\n  policy p { budget 500 tokens per message }\n  channel a -> b uses p { budget 50 tokens per message budget 100 tokens per run }');
    expect(ds).toEqual([]);
  });

  it('rejects scopes that do not belong to the block, with a hint', async () => {
    const ds = await findings('  agent b { model "openai:x" budget 5 tokens per mesage }\n  budget 10 tokens per run');
    expect(ds.map(brief)).toEqual([
      "COORD023 3:50 'per mesage' is not a budget scope for an agent; use per turn or total (Use one of the values the message lists.)",
      "COORD023 4:24 a workflow budget is a cap for the whole run; it takes no scope (write 'budget 10 tokens')",
    ]);
  });

  it('reports a budget given twice for the same scope', async () => {
    const ds = await findings('  agent b { model "openai:x" budget 5 tokens total budget 6 tokens }');
    expect(ds.map((d) => d.code)).toEqual(['COORD022']);
  });

  it('rejects a fractional budget and a negative one', async () => {
    const ds = await findings('  agent b { model "openai:x" budget 2.5 tokens per turn budget -3 tokens }');
    expect(ds.map((d) => d.code)).toEqual(['COORD034', 'COORD030']);
  });
});

describe('channels, providers and steps', () => {
  it('reports a hybrid mode inherited from a policy at the policy reference when there is no coordinator', async () => {
    const ds = await findings('  agent b { model "openai:x" }\n  policy p { mode hybrid }\n  channel a -> b uses p');
    expect(ds.map(brief)).toEqual(["COORD043 5:23 channel a->b is hybrid but the workflow has no coordinator block (Add `coordinator { model \"builtin\" }` to the workflow, or use `mode text`.)"]);
  });

  it('accepts a latent channel when the workflow has a coordinator', async () => {
    const ds = await findings('  agent b { model "openai:x" }\n  coordinator { device cpu }\n  channel a -> b { mode latent readout 100 tokens }', 'flow { start a  a -> b  b -> done }');
    expect(ds).toEqual([]);
  });

  it('checks the model of a compression `via`', async () => {
    const ds = await findings('  agent b { model "openai:x" }\n  channel a -> b { compress squeeze { via "antropic:claude" } }');
    expect(ds.map(brief)).toEqual(["COORD050 4:43 unknown provider 'antropic'; expected openai, anthropic, ollama or an endpoint of coord.config.json (did you mean 'anthropic'?)"]);
  });

  it('suggests a time unit and an enumerated value', async () => {
    const ds = await findings('  agent b { model "openai:x" }', 'flow { start a  human h approval "ok?" timeout 3 minuts  parallel p join any { branch a branch b }  a -> h  h -> p  p -> done }');
    expect(ds.map(brief)).toEqual([
      "COORD031 4:52 unknown time unit 'minuts'; use s, seconds, m, minutes, h, hours (did you mean 'minutes'?)",
      "COORD023 4:76 unknown join 'any'; expected all, first (Use one of the values the message lists.)",
    ]);
  });

  it('reports options on a step that is not a choice', async () => {
    const ds = await findings('', 'flow { start a  human h text "why?" options "a", "b"  a -> h  h -> done }');
    expect(ds.map((d) => d.code)).toEqual(['COORD063']);
  });

  it('reports a workflow without a flow and a flow without a start', async () => {
    const { diagnostics } = await checkText('workflow w {\n  agent a { model "openai:x" }\n}\nworkflow v { agent b { model "openai:x" } flow { b -> done } }\n', file);
    expect(diagnostics.map((d) => d.code)).toEqual(['COORD024', 'COORD014', 'COORD024']);
  });

  it('keeps the IR when there are only warnings', async () => {
    const { diagnostics, ir } = await checkText('workflow w {\n  agent a { model "openai:x" }\n  channel a -> a\n  flow { start a  a -> done }\n}\n', file);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['COORD042', 'warning']]);
    expect(ir?.channels).toHaveLength(1);
  });
});

describe('syntax errors', () => {
  it('reports only the first parser error of a file, not its consequences', async () => {
    const { diagnostics } = await checkText('workflow w {\n  agent a { model }\n  agent b { role }\n}\n', file);
    expect(diagnostics.map(brief)).toEqual([
      "COORD001 2:19 unexpected '}'; expected a string (Check the statement at this position against docs/language.md.)",
    ]);
  });

  it('lists the settings a block accepts when it meets an unknown word', async () => {
    const ds = await findings('  agent b { temperature 0.5 }');
    expect(ds[0]!.message).toBe("unexpected 'temperature'; expected 'model', 'role', 'budget', 'output', 'function', 'tool', 'fallback', 'sampling' or '}'");
  });

  it('recognises a misspelt flow keyword although the parser reads it as a transition', async () => {
    const ds = await findings('', 'flow { strat a  a -> done }');
    expect(ds.map(brief)).toEqual(["COORD002 4:10 unknown keyword 'strat' (did you mean 'start'?)"]);
    const when = await findings('', 'flow { start a  a -> done whn a.text  a -> done }');
    expect(when.map(brief)).toEqual(["COORD002 4:29 unknown keyword 'whn' (did you mean 'when'?)"]);
  });

  it('says a string is unterminated', async () => {
    const ds = await findings('  agent b { role "no end }');
    expect(ds.map(brief)).toEqual(['COORD003 3:18 unterminated string (close the string with " on the same line, or write text over several lines between """ and """)']);
  });

  it('asks for a unit where a quantity lacks one', async () => {
    const { diagnostics } = await checkText('workflow w {\n  budget 100\n}\n', file);
    expect(diagnostics[0]).toMatchObject({ code: 'COORD001', range: { start: { line: 3, column: 1 } } });
    expect(diagnostics[0]!.message).toContain('a unit such as tokens');
  });
});
