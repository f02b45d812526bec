import { describe, expect, it } from 'vitest';
import { formatDuration, toDot, toMermaid } from '../../src/compile/graph.js';
import { exprText } from '../../src/ir/expr-text.js';
import { expr, ref, to, workflow } from '../support/ir-builder.js';
import { quickPoll, researchBrief } from '../support/ir-samples.js';

describe('guard text', () => {
  it('renders guards back to .coord syntax, with parentheses only where precedence needs them', () => {
    const a = expr.gt(ref('p', 'questions', 'length'), 0);
    const b = expr.eq(ref('c', 'verdict'), 'ok "fine"');
    const c = expr.truthy(ref('h', 'approved'));
    expect(exprText(a)).toBe('p.questions.length > 0');
    expect(exprText(expr.and(expr.or(a, b), c))).toBe('(p.questions.length > 0 or c.verdict == "ok \\"fine\\"") and h.approved');
    expect(exprText(expr.or(expr.and(a, b), c))).toBe('p.questions.length > 0 and c.verdict == "ok \\"fine\\"" or h.approved');
    expect(exprText(expr.not(expr.and(a, c)))).toBe('not (p.questions.length > 0 and h.approved)');
    expect(exprText(expr.not(c))).toBe('not h.approved');
    expect(exprText(expr.cmp(ref('x', 'ok'), '!=', false))).toBe('x.ok != false');
  });

  it('formats timeouts in the largest whole unit', () => {
    expect([formatDuration(1_800_000), formatDuration(7_200_000), formatDuration(45_000), formatDuration(1500)]).toEqual(['30m', '2h', '45s', '1500ms']);
  });
});

describe('toMermaid', () => {
  const text = toMermaid(researchBrief());
  const lines = text.split('\n');

  it('draws a flowchart with one node per flow node, labelled by kind', () => {
    expect(lines[0]).toBe('flowchart TD');
    expect(lines).toContain('  n1["planner<br/>agent"]');
    expect(lines).toContain('  n3[["summaries<br/>map summarizer over splitter.chunks<br/>max 20, 4 at a time"]]');
    expect(lines).toContain('  n9[/"approve<br/>human approval: approve?"/]');
    expect(lines).toContain('  n10((("done")))');
  });

  it('labels edges with their guard and max, escaping quotes and angle brackets', () => {
    expect(lines).toContain('  n1 -->|"when planner.questions.length #gt; 0 max 3"| n1');
    expect(lines).toContain('  n7 -->|"when critic.verdict == #quot;ok#quot; or not checker.text"| n8');
    expect(lines).toContain('  n9 -->|"timeout 30m"| n10');
  });

  it('draws a parallel region as a fork, its branches in a subgraph, and a join', () => {
    expect(text).toContain('  subgraph n4_region["parallel review, join all"]\n    n5["critic"]\n    n6["checker"]\n    n7(("join all"))\n  end');
    expect(lines).toContain('  n4 -->|"quality"| n5');
    expect(lines).toContain('  n5 --> n7');
  });

  it('never uses a flow name as a Mermaid id, so keywords like `end` are safe', () => {
    const ir = workflow().agent('end', { perTurn: 1 }).step('end', to('done')).build();
    expect(toMermaid(ir)).toContain('n1["end<br/>agent"]');
  });

  it('draws every edge exactly once', () => {
    const edges = lines.filter((line) => line.includes('-->'));
    const ir = researchBrief();
    const expected =
      1 + // start
      ir.flow.nodes.reduce((count, node) => count + node.next.length, 0) +
      1 + // approve timeout
      2 * 2; // review: fork → step and step → join for each branch
    expect(edges).toHaveLength(expected);
  });
});

describe('toDot', () => {
  const text = toDot(quickPoll());

  it('writes a digraph with quoted ids and escaped labels', () => {
    expect(text.startsWith('digraph "quick_poll" {\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('"pick" [shape=parallelogram, label="pick\\nhuman choice: pick?"];');
    expect(text).toContain('"pick" -> "$done" [label="when pick.choice == \\"ship\\""];');
  });

  it('draws a join-first region as a cluster with its join', () => {
    expect(text).toContain('subgraph "cluster_race" {\n    label="parallel race, join first";');
    expect(text).toContain('"race" -> "race/a/fast" [label="a"];');
    expect(text).toContain('"race$join" -> "pick";');
  });

  it('balances its braces and quotes on every line', () => {
    const body = text.replace(/\\"/g, '');
    expect((body.match(/{/g) ?? []).length).toBe((body.match(/}/g) ?? []).length);
    for (const line of body.split('\n')) expect((line.match(/"/g) ?? []).length % 2).toBe(0);
  });
});
