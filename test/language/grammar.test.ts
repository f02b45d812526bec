import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { createCoordServices } from '../../src/language/coord-module.js';
import * as ast from '../../src/language/generated/ast.js';

const { Coord } = createCoordServices(EmptyFileSystem);

function parse(text: string): ast.Model {
  const document = Coord.shared.workspace.LangiumDocumentFactory.fromString<ast.Model>(text, URI.file('/grammar-test.coord'));
  const { lexerErrors, parserErrors, value } = document.parseResult;
  expect(lexerErrors).toEqual([]);
  expect(parserErrors.map((e) => e.message)).toEqual([]);
  return value;
}

function workflow(body: string): ast.Workflow {
  return parse(`workflow w {\n${body}\n}`).members[0] as ast.Workflow;
}

function flowItems(body: string): ast.FlowItem[] {
  return (workflow(`flow {\n${body}\n}`).members[0] as ast.Flow).items;
}

function guard(expression: string): ast.Expr {
  return (flowItems(`a -> b when ${expression}`)[0] as ast.Transition).guard!;
}

describe('grammar', () => {
  it('parses imports and top-level policies and agents (a library file)', () => {
    const model = parse('import "./a.coord"\nimport "../b.coord"\npolicy p { mode text }\nagent x { model "openai:y" }');
    expect(model.imports.map((i) => i.path)).toEqual(['./a.coord', '../b.coord']);
    expect(model.members.map((m) => m.$type)).toEqual(['Policy', 'Agent']);
  });

  it('parses budgets with scopes, units as words and numbers as written', () => {
    const w = workflow('budget 12k tokens\nagent a { budget 1_500 tokens per turn budget 6000 tokens total budget 5 token }');
    expect(w.members[0]).toMatchObject({ $type: 'Budget', amount: '12k', unit: 'tokens' });
    const settings = (w.members[1] as ast.Agent).settings as ast.Budget[];
    expect(settings.map((b) => [b.amount, b.unit, b.per, b.total])).toEqual([
      ['1_500', 'tokens', 'turn', false],
      ['6000', 'tokens', undefined, true],
      ['5', 'token', undefined, false],
    ]);
  });

  it('parses negative numbers so that a check can reject them', () => {
    expect(workflow('budget -5 tokens').members[0]).toMatchObject({ amount: '-5' });
  });

  it('parses a coordinator block', () => {
    const c = workflow('coordinator { model "builtin" device cuda }').members[0] as ast.Coordinator;
    expect(c.settings.map((s) => [s.$type, s.value])).toEqual([
      ['ModelSetting', 'builtin'],
      ['DeviceSetting', 'cuda'],
    ]);
  });

  it('parses every channel setting, in a policy and on a channel', () => {
    const w = workflow(
      'policy p { mode hybrid compress squeeze { target 0.5 level 2 via "openai:gpt-4o-mini" } on overflow compress budget 300 tokens per message readout 400 tokens split 2 sentences }\n' +
        'channel a -> b uses p { compress none on overflow truncate }\nchannel b -> c',
    );
    const policy = w.members[0] as ast.Policy;
    expect(policy.settings.map((s) => s.$type)).toEqual(['ModeSetting', 'CompressSetting', 'OverflowSetting', 'Budget', 'ReadoutSetting', 'SplitSetting']);
    const compress = policy.settings[1] as ast.CompressSetting;
    expect(compress.method).toBe('squeeze');
    expect(compress.options.map((o) => [o.$type, o.value])).toEqual([
      ['TargetOption', '0.5'],
      ['LevelOption', '2'],
      ['ViaOption', 'openai:gpt-4o-mini'],
    ]);
    expect((policy.settings[2] as ast.OverflowSetting).value).toBe('compress');
    const channel = w.members[1] as ast.Channel;
    expect([channel.from.$refText, channel.to.$refText, channel.policy?.$refText]).toEqual(['a', 'b', 'p']);
    expect((w.members[2] as ast.Channel).settings).toEqual([]);
  });

  it('parses agents: model with colons, role, output types with and without commas, function', () => {
    const w = workflow('agent a { model "ollama:qwen2.5:7b" role "r" output { q: string[], done: boolean n: number } }\nagent t { function "./t.ts" }');
    const a = w.members[0] as ast.Agent;
    expect((a.settings[0] as ast.ModelSetting).value).toBe('ollama:qwen2.5:7b');
    const output = a.settings[2] as ast.OutputSetting;
    expect(output.fields.map((f) => [f.name, f.type, f.array])).toEqual([
      ['q', 'string', true],
      ['done', 'boolean', false],
      ['n', 'number', false],
    ]);
    expect(((w.members[1] as ast.Agent).settings[0] as ast.FunctionSetting).path).toBe('./t.ts');
  });

  it('parses start, transitions to nodes and to done, with guards and bounds', () => {
    const items = flowItems('start a\na -> b\nb -> b when b.x max 5\nb -> done');
    expect(items.map((i) => i.$type)).toEqual(['Start', 'Transition', 'Transition', 'Transition']);
    const loop = items[2] as ast.Transition;
    expect([loop.from.$refText, loop.target.node?.$refText, loop.max]).toEqual(['b', 'b', '5']);
    expect((items[3] as ast.Transition).target.done).toBe(true);
  });

  it('parses parallel blocks with branches that are chains', () => {
    const p = flowItems('parallel review join first {\n branch critic\n branch fact -> sum -> out\n}')[0] as ast.ParallelNode;
    expect(p.join).toBe('first');
    expect(p.branches.map((b) => b.steps.map((s) => s.$refText))).toEqual([['critic'], ['fact', 'sum', 'out']]);
    expect((flowItems('parallel r { branch a branch b }')[0] as ast.ParallelNode).join).toBeUndefined();
  });

  it('parses maps with and without their options', () => {
    const [full, bare] = flowItems('map s = sum over splitter.chunks max 50 concurrency 4 on failure drop\nmap t = sum over splitter.chunks') as ast.MapNode[];
    expect([full!.name, full!.agent.$refText, full!.over.node.$refText, full!.over.path, full!.max, full!.concurrency, full!.onFailure]).toEqual([
      's', 'sum', 'splitter', ['chunks'], '50', '4', 'drop',
    ]);
    expect([bare!.max, bare!.concurrency, bare!.onFailure]).toEqual([undefined, undefined, undefined]);
  });

  it('parses the three kinds of human step, options and timeouts with a target', () => {
    const [approve, pick, note] = flowItems(
      'human approve approval "Publish?" timeout 30 minutes -> done\nhuman pick choice "Which?" options "short", "long"\nhuman note text "More?" timeout 2 h',
    ) as ast.HumanNode[];
    expect([approve!.ask, approve!.prompt, approve!.timeout?.amount, approve!.timeout?.unit, approve!.timeout?.target?.done]).toEqual([
      'approval', 'Publish?', '30', 'minutes', true,
    ]);
    expect(pick!.options).toEqual(['short', 'long']);
    expect([note!.ask, note!.timeout?.target]).toEqual(['text', undefined]);
  });

  it('gives `or` the loosest binding, then `and`, then `not`', () => {
    const g = guard('a.x or b.y and not c.z') as ast.Or;
    expect(g.$type).toBe('Or');
    expect(g.args.map((x) => x.$type)).toEqual(['Comparison', 'And']);
    expect((g.args[1] as ast.And).args.map((x) => x.$type)).toEqual(['Comparison', 'Not']);
  });

  it('parses every comparison operator against string, number and boolean literals', () => {
    for (const op of ['==', '!=', '<', '<=', '>', '>=']) {
      expect(guard(`a.b ${op} 3`)).toMatchObject({ $type: 'Comparison', op, right: { number: '3' } });
    }
    expect(guard('a.b == "x"')).toMatchObject({ right: { text: 'x' } });
    expect(guard('a.b != false')).toMatchObject({ right: { bool: 'false' } });
    expect(guard('(a.b)')).toMatchObject({ $type: 'Group', inner: { $type: 'Comparison' } });
  });

  it('accepts keywords as field names in references', () => {
    expect(guard('r.done and r.max and r.text')).toMatchObject({ args: [{ left: { path: ['done'] } }, { left: { path: ['max'] } }, { left: { path: ['text'] } }] });
  });

  it('keeps line and block comments out of the way', () => {
    expect(workflow('// one\n/* two\n lines */ budget 5 tokens // three').members).toHaveLength(1);
  });
});
