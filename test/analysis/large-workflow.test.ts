import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../../src/analysis/index.js';
import { checkText } from '../../src/language/index.js';

/**
 * A workflow of about 100,000 lines shaped like real ones, only longer: per group a policy,
 * six agents, five channels, and in the flow a map over a list, a parallel region, a human
 * approval with a timeout, guards that read earlier nodes and bounded loops back into the
 * group. The groups follow each other, so a run passes thousands of loops in a row; with
 * `loopBack`, a bounded loop from the last group to the first puts the whole flow in one
 * strongly connected component instead. Either way every graph walk is thousands of nodes
 * deep, so a recursive one would overflow the stack.
 */
function largeWorkflow(groups: number, { loopBack }: { loopBack: boolean }): string {
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
    const back = loopBack && g === groups - 1 ? [`    r${g} -> a0_0 when a${g}_1.done max 1`] : [];
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

/** Loads, checks and analyses `text`; a crash or stack overflow would surface as COORD009 or an exception. */
async function checkLarge(text: string, groups: number) {
  expect(text.split('\n').length).toBeGreaterThan(100_000);
  const loaded = await checkText(text, 'large.coord');
  expect(loaded.diagnostics).toEqual([]);
  const ir = loaded.ir!;
  expect(ir.agents).toHaveLength(groups * 6);
  // Per group: two agent nodes, a map, a parallel region and a human step.
  expect(ir.flow.nodes).toHaveLength(groups * 5);
  const analysis = analyzeWorkflow(ir);
  expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(analysis.diagnostics.map((d) => d.code)).not.toContain('COORD009');
  expect(analysis.budgetBound.bestCase).not.toBeNull();
  return analysis.budgetBound;
}

describe('a realistic 100,000-line workflow is checked without an internal error or a stack overflow', () => {
  const groups = 1_500;

  it('with thousands of loops one after another', { timeout: 180_000 }, async () => {
    const bound = await checkLarge(largeWorkflow(groups, { loopBack: false }), groups);
    expect(bound.tokens).not.toBeNull();
    expect(bound.bestCase!).toBeLessThanOrEqual(bound.tokens!);
    expect(bound.perAgent['a0_0']).toEqual({ turns: 1, tokens: 1_000 });
    // a_1 runs on arrival, after each of the two bounded loops back from the map, and after the approval is refused once.
    expect(bound.perAgent[`a${groups - 1}_1`]!.turns).toBe(4);
  });

  it('with one loop around the whole flow', { timeout: 180_000 }, async () => {
    const bound = await checkLarge(largeWorkflow(groups, { loopBack: true }), groups);
    // The first agent runs at the start and once more through the bounded loop back from the last group.
    expect(bound.perAgent['a0_0']).toEqual({ turns: 2, tokens: 2_000 });
  });
});
