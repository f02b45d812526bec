import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../../src/analysis/index.js';
import type { WorkflowIR } from '../../src/ir/schema.js';
import { expr, ref, to, workflow } from '../support/ir-builder.js';

function codes(ir: WorkflowIR): string[] {
  return analyzeWorkflow(ir).diagnostics.map((diagnostic) => diagnostic.code);
}

function findings(ir: WorkflowIR, code: string) {
  return analyzeWorkflow(ir).diagnostics.filter((diagnostic) => diagnostic.code === code);
}

function nodeLine(ir: WorkflowIR, id: string): number {
  return ir.flow.nodes.find((node) => node.id === id)!.loc!.line;
}

function transitionLine(ir: WorkflowIR, from: string, index: number): number {
  return ir.flow.nodes.find((node) => node.id === from)!.next[index]!.loc!.line;
}

const budgeted = { perTurn: 100 };

describe('a well-formed flow', () => {
  it('has no findings', () => {
    const ir = workflow()
      .agent('planner', { perTurn: 100, output: { questions: 'string[]' } })
      .agent('writer', budgeted)
      .step('planner', to('planner', { when: expr.gt(ref('planner', 'questions', 'length'), 0), max: 5 }), to('writer'))
      .step('writer', to('done'))
      .build();
    expect(analyzeWorkflow(ir).diagnostics).toEqual([]);
  });
});

describe('reachability', () => {
  it('reports a node no path from start leads to (COORD101) at the node', () => {
    const ir = workflow().agent('a', budgeted).agent('b', budgeted).step('a', to('done')).step('b', to('done')).build();
    const [finding] = findings(ir, 'COORD101');
    expect(finding?.message).toContain('`b` can never run');
    expect(finding?.range.start.line).toBe(nodeLine(ir, 'b'));
    expect(finding?.severity).toBe('error');
  });

  it('reports a reachable node that can never reach done (COORD102)', () => {
    const ir = workflow()
      .agent('a', budgeted)
      .agent('b', budgeted)
      .step('a', to('b', { when: expr.truthy(ref('a', 'text')) }), to('done'))
      .step('b')
      .build();
    expect(findings(ir, 'COORD102').map((d) => d.range.start.line)).toEqual([nodeLine(ir, 'b')]);
  });

  it('reports a start that is not a node (COORD114) and skips reachability', () => {
    const ir = workflow().agent('a', budgeted).step('a', to('done')).start('nowhere').build();
    expect(codes(ir)).toEqual(['COORD114']);
  });

  it('reports transitions to unknown nodes (COORD106) at the transition', () => {
    const ir = workflow().agent('a', budgeted).step('a', to('ghost'), to('done')).build();
    const [finding] = findings(ir, 'COORD106');
    expect(finding?.range.start.line).toBe(transitionLine(ir, 'a', 0));
  });
});

describe('loops', () => {
  it('reports a cycle with no max (COORD103) at a transition of the cycle', () => {
    const ir = workflow()
      .agent('a', budgeted)
      .agent('b', budgeted)
      .step('a', to('b'))
      .step('b', to('a', { when: expr.truthy(ref('b', 'text')) }), to('done'))
      .build();
    const [finding] = findings(ir, 'COORD103');
    expect(finding?.message).toContain('`a`, `b`');
    expect([transitionLine(ir, 'a', 0), transitionLine(ir, 'b', 0)]).toContain(finding?.range.start.line);
  });

  it('accepts a cycle bounded on any one of its transitions', () => {
    const ir = workflow()
      .agent('a', budgeted)
      .agent('b', budgeted)
      .step('a', to('b'))
      .step('b', to('a', { when: expr.truthy(ref('b', 'text')), max: 3 }), to('done'))
      .build();
    expect(codes(ir)).toEqual([]);
  });

  it('reports a max on a transition that is not on a loop (COORD115)', () => {
    const ir = workflow().agent('a', budgeted).agent('b', budgeted).step('a', to('b', { max: 2 })).step('b', to('done')).build();
    const [finding] = findings(ir, 'COORD115');
    expect(finding?.severity).toBe('warning');
    expect(finding?.range.start.line).toBe(transitionLine(ir, 'a', 0));
  });
});

describe('transitions', () => {
  it('warns when every transition is guarded and the guards do not cover every case (COORD104)', () => {
    const ir = workflow()
      .agent('a', { perTurn: 100, output: { score: 'number' } })
      .step('a', to('done', { when: expr.gt(ref('a', 'score'), 5) }))
      .build();
    const [finding] = findings(ir, 'COORD104');
    expect(finding?.severity).toBe('warning');
    expect(finding?.range.start.line).toBe(transitionLine(ir, 'a', 0));
  });

  it('accepts guards that cover every case, like a comparison and its negation', () => {
    const score = ref('a', 'score');
    const ir = workflow()
      .agent('a', { perTurn: 100, output: { score: 'number' } })
      .agent('b', budgeted)
      .step('a', to('b', { when: expr.gt(score, 5) }), to('done', { when: expr.cmp(score, '<=', 5) }))
      .step('b', to('done'))
      .build();
    expect(codes(ir)).toEqual([]);
  });

  it('treats an unguarded transition with a max as no fallback', () => {
    const ir = workflow().agent('a', budgeted).step('a', to('a', { max: 2 })).build();
    expect(codes(ir)).toContain('COORD104');
  });

  it('warns about a transition after guards that already cover every case (COORD105)', () => {
    const score = ref('a', 'score');
    const ir = workflow()
      .agent('a', { perTurn: 100, output: { score: 'number' } })
      .agent('b', budgeted)
      .step('a', to('b', { when: expr.gt(score, 5) }), to('done', { when: expr.not(expr.gt(score, 5)) }), to('b'))
      .step('b', to('done'))
      .build();
    const [finding] = findings(ir, 'COORD105');
    expect(finding?.message).toContain('cover every case');
    expect(finding?.range.start.line).toBe(transitionLine(ir, 'a', 2));
    expect(codes(ir)).toEqual(['COORD105']);
  });

  it('warns about transitions after an unguarded one (COORD105), each at its own line', () => {
    const ir = workflow()
      .agent('a', budgeted)
      .agent('b', budgeted)
      .step('a', to('done'), to('b'), to('b'))
      .step('b', to('done'))
      .build();
    expect(findings(ir, 'COORD105').map((d) => d.range.start.line)).toEqual([transitionLine(ir, 'a', 1), transitionLine(ir, 'a', 2)]);
  });
});

describe('guards', () => {
  it('reports a field the agent does not declare (COORD108)', () => {
    const ir = workflow()
      .agent('a', { perTurn: 100, output: { score: 'number' } })
      .step('a', to('a', { when: expr.gt(ref('a', 'scroe'), 1), max: 2 }), to('done'))
      .build();
    const [finding] = findings(ir, 'COORD108');
    expect(finding?.message).toContain('no output field `scroe`');
    expect(finding?.message).toContain('`score`');
    expect(finding?.range.start.line).toBe(transitionLine(ir, 'a', 0));
  });

  it('reports a field named like a property of every object (`constructor`) as undeclared, not as a crash (COORD108)', () => {
    const ir = workflow()
      .agent('a', { perTurn: 100, output: { score: 'number' } })
      .step('a', to('a', { when: expr.eq(ref('a', 'constructor'), 'x'), max: 2 }), to('done'))
      .build();
    expect(findings(ir, 'COORD108').map((d) => d.message)).toEqual([expect.stringContaining('no output field `constructor`')]);
  });

  it('knows a free-text agent has only `text`, and only `.length` follows a list', () => {
    const ir = workflow()
      .agent('a', budgeted)
      .agent('b', { perTurn: 100, output: { items: 'string[]' } })
      .step('a', to('b', { when: expr.truthy(ref('a', 'text')) }), to('b'))
      .step('b', to('done', { when: expr.gt(ref('b', 'items', 'size'), 0) }), to('done'))
      .build();
    expect(findings(ir, 'COORD108').map((d) => d.message)).toEqual([
      expect.stringContaining('only `.length` can follow it'),
    ]);
  });

  it('reports a node that never runs before the guard (COORD113)', () => {
    const ir = workflow()
      .agent('a', budgeted)
      .agent('b', budgeted)
      .step('a', to('b', { when: expr.truthy(ref('b', 'text')) }), to('b'))
      .step('b', to('done'))
      .build();
    expect(findings(ir, 'COORD113').map((d) => d.range.start.line)).toEqual([transitionLine(ir, 'a', 0)]);
  });

  it('warns about a node that runs on some paths only (COORD107)', () => {
    const ir = workflow()
      .agent('a', budgeted)
      .agent('b', budgeted)
      .agent('c', budgeted)
      .step('a', to('b', { when: expr.truthy(ref('a', 'text')) }), to('c'))
      .step('b', to('c'))
      .step('c', to('done', { when: expr.truthy(ref('b', 'text')) }), to('done'))
      .build();
    const [finding] = findings(ir, 'COORD107');
    expect(finding?.severity).toBe('warning');
    expect(finding?.range.start.line).toBe(transitionLine(ir, 'c', 0));
  });

  it('reports comparisons of the wrong type (COORD109)', () => {
    const ir = workflow()
      .agent('a', { perTurn: 100, output: { score: 'number', label: 'string', tags: 'string[]' } })
      .step(
        'a',
        to('done', { when: expr.eq(ref('a', 'score'), 'high') }),
        to('done', { when: expr.cmp(ref('a', 'label'), '>', 'b') }),
        to('done', { when: expr.gt(ref('a', 'tags'), 1) }),
        to('done'),
      )
      .build();
    expect(findings(ir, 'COORD109')).toHaveLength(3);
  });

  it('reports a node of the flow that declares no agent (COORD111)', () => {
    const ir = workflow().agent('a', budgeted).step('a', to('ghost')).build();
    ir.flow.nodes.push({ kind: 'agent', id: 'ghost', agent: 'ghost', next: [{ to: 'done' }] });
    expect(codes(ir)).toContain('COORD111');
  });

  it('reports a node named like a final state (COORD116)', () => {
    const ir = workflow().agent('failed', budgeted).step('failed', to('done')).build();
    expect(codes(ir)).toEqual(['COORD116']);
  });

  it('reports a guard id the flow does not define (COORD112)', () => {
    const ir = workflow().agent('a', budgeted).step('a', to('done')).build();
    ir.flow.nodes[0]!.next[0]!.guard = 'missing';
    expect(codes(ir)).toContain('COORD112');
  });
});

describe('parallel regions', () => {
  const base = () =>
    workflow()
      .agent('a', budgeted)
      .agent('b', { perTurn: 100, output: { verdict: 'string' } })
      .agent('c', { perTurn: 100, output: { verdict: 'string' } })
      .agent('d', budgeted);

  it('accepts straight branches of distinct agents and reads of join-all steps', () => {
    const ir = base()
      .step('a', to('review'))
      .parallel('review', 'all', { left: ['b'], right: ['d'] }, to('done', { when: expr.eq(ref('b', 'verdict'), 'ok') }), to('done'))
      .build();
    expect(codes(ir)).toEqual([]);
  });

  it('reports a branch step that is not an agent (COORD202)', () => {
    const ir = base().step('a', to('review')).parallel('review', 'all', { left: ['b'], right: ['ghost'] }, to('done')).build();
    expect(findings(ir, 'COORD202').map((d) => d.range.start.line)).toEqual([nodeLine(ir, 'review')]);
  });

  it('reports a branch that repeats a step (COORD203)', () => {
    const ir = base().step('a', to('review')).parallel('review', 'all', { left: ['b', 'd', 'b'], right: ['c'] }, to('done')).build();
    expect(codes(ir)).toContain('COORD203');
  });

  it('reports two branches running one agent (COORD204)', () => {
    const ir = base().step('a', to('review')).parallel('review', 'all', { left: ['d'], right: ['d'] }, to('done')).build();
    expect(codes(ir)).toContain('COORD204');
  });

  it('warns when branches declare the same output field (COORD205)', () => {
    const ir = base().step('a', to('review')).parallel('review', 'all', { left: ['b'], right: ['c'] }, to('done')).build();
    const [finding] = findings(ir, 'COORD205');
    expect(finding?.message).toContain('`verdict`');
  });

  it('reports an agent that is both a node of the flow and a branch step (COORD110)', () => {
    const ir = base().step('a', to('review')).parallel('review', 'all', { left: ['a'], right: ['d'] }, to('done')).build();
    expect(codes(ir)).toContain('COORD110');
  });

  it('warns when a guard reads a step of a join-first region (COORD107)', () => {
    const ir = base()
      .step('a', to('review'))
      .parallel('review', 'first', { left: ['b'], right: ['d'] }, to('done', { when: expr.eq(ref('b', 'verdict'), 'ok') }), to('done'))
      .build();
    expect(findings(ir, 'COORD107')[0]?.message).toContain('joins on the first branch');
  });
});

describe('maps', () => {
  const base = () =>
    workflow()
      .agent('splitter', { perTurn: 100, output: { chunks: 'string[]', count: 'number' } })
      .agent('summarizer', budgeted);

  it('accepts a map over a list field of a node that ran before', () => {
    const ir = base().step('splitter', to('sums')).map('sums', 'summarizer', ref('splitter', 'chunks'), {}, to('done')).build();
    expect(codes(ir)).toEqual([]);
  });

  it('lets guards read a map\'s results as a list, and another map go over them', () => {
    const ir = base()
      .agent('ranker', { perTurn: 10 })
      .step('splitter', to('sums'))
      .map('sums', 'summarizer', ref('splitter', 'chunks'), {}, to('ranks', { when: expr.gt(ref('sums', 'length'), 0) }), to('done'))
      .map('ranks', 'ranker', ref('sums'), {}, to('done', { when: expr.truthy(ref('sums', 'results')) }), to('done'))
      .build();
    expect(findings(ir, 'COORD108').map((d) => d.message)).toEqual([expect.stringContaining('only `.length` can follow `sums`')]);
    expect(codes(ir)).toEqual(['COORD108']);
  });

  it('warns about a concurrency above the map\'s max (COORD213)', () => {
    const ir = base().step('splitter', to('sums')).map('sums', 'summarizer', ref('splitter', 'chunks'), { max: 5, concurrency: 8 }, to('done')).build();
    expect(findings(ir, 'COORD213').map((d) => [d.severity, d.range.start.line])).toEqual([['warning', nodeLine(ir, 'sums')]]);
  });

  it('reports a map over a field that is not a list (COORD206)', () => {
    const ir = base().step('splitter', to('sums')).map('sums', 'summarizer', ref('splitter', 'count'), {}, to('done')).build();
    const [finding] = findings(ir, 'COORD206');
    expect(finding?.message).toContain('not a list');
    expect(finding?.range.start.line).toBe(nodeLine(ir, 'sums'));
  });

  it('reports a map over a node that runs after it (COORD207)', () => {
    const ir = base().map('sums', 'summarizer', ref('splitter', 'chunks'), {}, to('splitter')).step('splitter', to('done')).start('sums').build();
    expect(codes(ir)).toContain('COORD207');
  });

  it('warns about a map over a node that runs on some paths only (COORD208)', () => {
    const ir = base()
      .agent('first', { perTurn: 10, output: { go: 'boolean' } })
      .step('first', to('splitter', { when: expr.truthy(ref('first', 'go')) }), to('sums'))
      .step('splitter', to('sums'))
      .map('sums', 'summarizer', ref('splitter', 'chunks'), {}, to('done'))
      .build();
    expect(codes(ir)).toEqual(['COORD208']);
  });
});

describe('human steps', () => {
  it('warns when a refused approval has nowhere to go (COORD209)', () => {
    const ir = workflow()
      .agent('a', budgeted)
      .step('a', to('ok'))
      .human('ok', 'approval', {}, to('done', { when: expr.truthy(ref('ok', 'approved')) }))
      .build();
    const [finding] = findings(ir, 'COORD209');
    expect(finding?.range.start.line).toBe(nodeLine(ir, 'ok'));
  });

  it('accepts an approval with a path for refusal', () => {
    const approved = ref('ok', 'approved');
    const ir = workflow()
      .agent('a', budgeted)
      .step('a', to('ok'))
      .human(
        'ok',
        'approval',
        {},
        to('done', { when: expr.eq(approved, true) }),
        to('a', { when: expr.not(expr.truthy(approved)), max: 2 }),
        to('done'),
      )
      .build();
    expect(codes(ir)).toEqual([]);
  });

  it('reports a comparison of a choice with a value it does not offer (COORD211)', () => {
    const ir = workflow()
      .human('pick', 'choice', { options: ['red', 'green'] }, to('done', { when: expr.eq(ref('pick', 'choice'), 'blue') }), to('done'))
      .build();
    expect(codes(ir)).toEqual(['COORD211']);
  });

  it('reports a timeout to an unknown node (COORD212)', () => {
    const ir = workflow().human('wait', 'text', { timeoutMs: 1000, onTimeout: 'ghost' }, to('done')).build();
    expect(codes(ir)).toEqual(['COORD212']);
  });
});

describe('diagnostics', () => {
  it('fall back to the first line of the workflow file when the IR has no location', () => {
    const ir = workflow().agent('a', budgeted).agent('b', budgeted).step('a', to('done')).step('b', to('done')).build();
    delete ir.flow.nodes[1]!.loc;
    const [finding] = findings(ir, 'COORD101');
    expect(finding?.file).toBe(ir.source.file);
    expect(finding?.range).toEqual({ start: { line: 1, column: 1 }, end: { line: 1, column: 1 } });
  });
});
