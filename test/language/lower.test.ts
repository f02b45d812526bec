import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkflowIR, type FlowNode } from '../../src/ir/schema.js';
import { checkText, loadWorkflow } from '../../src/language/index.js';

const valid = nodePath.resolve(import.meta.dirname, '../fixtures/valid');

async function lower(name: string): Promise<WorkflowIR> {
  const { diagnostics, ir } = await loadWorkflow(nodePath.join(valid, name));
  expect(diagnostics).toEqual([]);
  return WorkflowIR.parse(ir);
}

function node(ir: WorkflowIR, id: string): FlowNode {
  const found = ir.flow.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

describe('lowering to the IR', () => {
  it('names the workflow, sets the total budget (12k = 12000) and hashes every file read', async () => {
    const ir = await lower('research_brief.coord');
    expect(ir.irVersion).toBe(1);
    expect(ir.name).toBe('research_brief');
    expect(ir.budget.total).toBe(12000);
    expect(ir.source.file).toBe(nodePath.join(valid, 'research_brief.coord'));
    expect(ir.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    const alone = await checkText('workflow w { agent a { model "openai:x" } flow { start a  a -> done } }', nodePath.join(valid, 'x.coord'));
    expect(alone.ir!.source.sha256).not.toBe(ir.source.sha256);
  });

  it('splits provider:model at the first colon and keeps budgets and output fields', async () => {
    const ir = await lower('research_brief.coord');
    const researcher = ir.agents.find((a) => a.name === 'researcher')!;
    expect(researcher).toMatchObject({ kind: 'llm', provider: 'ollama', model: 'qwen2.5:7b', budget: { total: 4000 } });
    const planner = ir.agents.find((a) => a.name === 'planner')!;
    expect(planner.budget).toEqual({ perTurn: 1500, total: 6000 });
    expect(planner.output).toEqual([
      { name: 'questions', type: 'string[]' },
      { name: 'done', type: 'boolean' },
    ]);
    expect(planner.role).toBe('Split the question into sub-questions.');
  });

  it('makes function agent modules and locations absolute', async () => {
    const ir = await lower('research_brief.coord');
    const tally = ir.agents.find((a) => a.name === 'tally')!;
    expect(tally).toMatchObject({ kind: 'function', module: nodePath.join(valid, 'agents/tally.ts') });
    expect(tally.loc).toMatchObject({ file: nodePath.join(valid, 'research_brief.coord'), line: 32, column: 3, endLine: 32, endColumn: 47 });
  });

  it('inlines imported agents that the workflow uses, with their own file in the location', async () => {
    const ir = await lower('research_brief.coord');
    const editor = ir.agents.find((a) => a.name === 'editor')!;
    expect(editor).toMatchObject({ kind: 'llm', provider: 'anthropic', budget: { perTurn: 800 } });
    expect(editor.loc?.file).toBe(nodePath.join(valid, 'shared/policies.coord'));
  });

  it('merges the policy into the channel, the channel overriding per setting', async () => {
    const ir = await lower('research_brief.coord');
    const channel = ir.channels.find((c) => c.id === 'planner->researcher')!;
    expect(channel).toMatchObject({
      from: 'planner',
      to: 'researcher',
      mode: 'hybrid',
      policy: 'terse',
      overflow: 'compress',
      readout: 400,
      budget: { perMessage: 200 },
      compress: { method: 'squeeze', target: 0.5, level: 2, via: 'openai:gpt-4o-mini' },
    });
  });

  it('gives channels the defaults text, compress none, overflow fail', async () => {
    const ir = await lower('review_pipeline.coord');
    expect(ir.channels.find((c) => c.id === 'critic->writer')).toMatchObject({
      mode: 'text',
      compress: { method: 'none' },
      overflow: 'fail',
      budget: {},
    });
    expect(ir.coordinator).toBeUndefined();
  });

  it('keeps the coordinator block', async () => {
    const ir = await lower('research_brief.coord');
    expect(ir.coordinator).toEqual({ model: 'builtin', device: 'auto' });
  });

  it('collects guards as g1, g2, … in source order, with loop bounds on the transitions', async () => {
    const ir = await lower('research_brief.coord');
    expect(ir.flow.start).toBe('planner');
    const researcher = node(ir, 'researcher');
    expect(researcher.next).toMatchObject([{ to: 'researcher', guard: 'g1', max: 5 }, { to: 'writer' }]);
    expect(researcher.next[1]!.guard).toBeUndefined();
    expect(ir.flow.guards.g1).toEqual({
      kind: 'and',
      args: [
        { kind: 'compare', left: { node: 'planner', path: ['questions', 'length'] }, op: '>', right: 0 },
        { kind: 'not', arg: { kind: 'truthy', ref: { node: 'researcher', path: ['done'] } } },
      ],
    });
    expect(node(ir, 'tally').next).toMatchObject([{ to: 'done' }]);
    expect(researcher.next[0]!.loc).toMatchObject({ line: 47, column: 5, endLine: 47 });
  });

  it('lowers parallel, map and human nodes with their defaults', async () => {
    const ir = await lower('review_pipeline.coord');
    expect(node(ir, 'review')).toMatchObject({
      kind: 'parallel',
      join: 'all',
      branches: [
        { id: 'b1', steps: ['critic'] },
        { id: 'b2', steps: ['factcheck', 'summariser'] },
      ],
      next: [{ to: 'writer' }],
    });
    expect(node(ir, 'summaries')).toMatchObject({
      kind: 'map',
      agent: 'summarizer',
      over: { node: 'splitter', path: ['chunks'] },
      max: 50,
      concurrency: 4,
      onItemFailure: 'drop',
    });
    expect(node(ir, 'approve')).toMatchObject({ kind: 'human', ask: 'approval', prompt: 'Publish the brief?', timeoutMs: 1_800_000, onTimeout: 'done' });
    expect(node(ir, 'pick')).toMatchObject({ kind: 'human', ask: 'choice', options: ['short', 'long'] });
    expect(node(ir, 'note')).toMatchObject({ kind: 'human', ask: 'text' });
    expect((node(ir, 'note') as { timeoutMs?: number }).timeoutMs).toBeUndefined();
  });

  it('lowers or, parentheses and literals of every kind', async () => {
    const ir = await lower('review_pipeline.coord');
    const writer = node(ir, 'writer');
    const first = writer.next[0]!;
    expect(ir.flow.guards[first.guard!]).toEqual({
      kind: 'and',
      args: [
        {
          kind: 'or',
          args: [
            { kind: 'compare', left: { node: 'writer', path: ['score'] }, op: '>=', right: 0.5 },
            { kind: 'compare', left: { node: 'writer', path: ['title'] }, op: '==', right: 'draft' },
          ],
        },
        { kind: 'compare', left: { node: 'writer', path: ['final'] }, op: '!=', right: false },
      ],
    });
    expect(Object.keys(ir.flow.guards)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5', 'g6']);
    expect(ir.flow.guards.g6).toEqual({ kind: 'compare', left: { node: 'writer', path: ['score'] }, op: '<=', right: 1 });
  });

  it('defaults a map to concurrency 1 and failing on an item failure', async () => {
    const text = `workflow w {
  agent s { model "openai:x"  output { items: string[] } }
  agent m { model "openai:x" }
  flow { start s  map each = m over s.items max 3  s -> each  each -> done }
}`;
    const { diagnostics, ir } = await checkText(text, nodePath.join(valid, 'inline.coord'));
    expect(diagnostics).toEqual([]);
    expect(node(WorkflowIR.parse(ir), 'each')).toMatchObject({ concurrency: 1, onItemFailure: 'fail', max: 3 });
  });
});
