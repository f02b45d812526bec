import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../../src/analysis/index.js';
import { checkText } from '../../src/language/index.js';

/**
 * A workflow of about 100,000 lines shaped like real ones, only longer: per group a policy,
 * six agents, five channels, and in the flow a map over a list, a parallel region, a human
 * approval with a timeout, guards that read earlier nodes, bounded loops back into the
 * group, and one bounded loop from the last group to the first, which puts the whole flow in
 * one strongly connected component. Every graph walk on it is thousands of nodes deep, so a
 * recursive one would overflow the stack.
 */
function largeWorkflow(groups: number): string {
  const out = ['workflow large {', `  budget ${groups * 1_000_000} tokens`, '  coordinator {', '    model "builtin"', '  }', ''];
  const flow = ['  flow {', '    start a0_0'];
  for (let g = 0; g < groups; g++) {
    const next = g + 1 < groups ? `a${g + 1}_0` : 'done';
    out.push(
      `  policy p${g} {`,
      '    mode hybrid',
      '    compress squeeze { target 0.5 level 2 }',
      '    on overflow compress',
      '    budget 400 tokens per message',
      '  }',
      '',
    );
    for (let k = 0; k < 6; k++) {
      out.push(
        `  agent a${g}_${k} {`,
        '    model "openai:gpt-4o-mini"',
        `    role "Agent ${k} of group ${g}: reads its inputs and answers the part of the task it owns."`,
        `    budget ${1000 + k * 100} tokens per turn`,
        ...(k < 2 ? ['    output { items: string[], count: number, done: boolean }'] : []),
        '  }',
        '',
      );
    }
    out.push(
      `  channel a${g}_0 -> a${g}_1 uses p${g} { budget 300 tokens per message }`,
      `  channel a${g}_1 -> a${g}_2 uses p${g}`,
      `  channel a${g}_3 -> a${g}_5 { budget 200 tokens per message }`,
      `  channel a${g}_4 -> a${g}_5 uses p${g} { budget 2000 tokens per run }`,
      g > 0 ? `  channel a${g - 1}_1 -> a${g}_0 uses p${g}` : '  channel a0_1 -> a0_0 uses p0',
      '',
    );
    const back = g === groups - 1 ? [`    r${g} -> a0_0 when a${g}_1.done max 1`] : [];
    flow.push(
      `    a${g}_0 -> a${g}_1`,
      `    map m${g} = a${g}_2 over a${g}_0.items max 5 concurrency 2`,
      `    a${g}_1 -> m${g} when a${g}_0.count > 0 and not a${g}_0.done`,
      `    a${g}_1 -> r${g}`,
      `    m${g} -> r${g} when m${g}.length > ${g % 4}`,
      `    m${g} -> a${g}_1 when a${g}_1.count < 3 max 2`,
      `    m${g} -> r${g}`,
      `    parallel r${g} join all {`,
      `      branch a${g}_3`,
      `      branch a${g}_4 -> a${g}_5`,
      '    }',
      `    human h${g} approval "Go on after group ${g}?" timeout 5 minutes -> ${next}`,
      `    r${g} -> h${g} when a${g}_1.count > ${g % 5} or a${g}_0.done`,
      ...back,
      `    r${g} -> ${next}`,
      `    h${g} -> a${g}_1 when not h${g}.approved max 1`,
      `    h${g} -> ${next}`,
    );
  }
  flow.push('  }');
  return [...out, ...flow, '}', ''].join('\n');
}

describe('a realistic 100,000-line workflow', () => {
  it('is loaded, checked and analysed without an internal error or a stack overflow', { timeout: 180_000 }, async () => {
    const text = largeWorkflow(1_360);
    expect(text.split('\n').length).toBeGreaterThan(100_000);

    const loaded = await checkText(text, 'large.coord');
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.ir).toBeDefined();
    const ir = loaded.ir!;
    expect(ir.agents).toHaveLength(1_360 * 6);
    expect(ir.flow.nodes).toHaveLength(1_360 * 5);

    const { diagnostics, budgetBound } = analyzeWorkflow(ir);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The loop from the last group back to the first puts every node in one SCC, entered once.
    expect(budgetBound.tokens).not.toBeNull();
    expect(budgetBound.bestCase).not.toBeNull();
    expect(budgetBound.bestCase!).toBeLessThanOrEqual(budgetBound.tokens!);
    expect(budgetBound.perAgent['a0_0']!.turns).toBe(2);
  });
});
