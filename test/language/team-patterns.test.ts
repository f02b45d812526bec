import { writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../../src/analysis/index.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { checkText } from '../../src/language/index.js';
import { textBlock } from '../../src/language/value-converter.js';
import { tempDir } from '../flows/support/flows.js';

/**
 * The multi-agent patterns of issue 15, written as a new user would: each was a syntax error,
 * a misleading finding or a missing check before, and is checked here as it reads now.
 */
const file = nodePath.resolve(import.meta.dirname, '../fixtures/valid/patterns.coord');

/** Language findings, then flow analysis on the IR when there is one. */
async function lint(text: string, at = file): Promise<{ diagnostics: Diagnostic[]; ir: Awaited<ReturnType<typeof checkText>>['ir'] }> {
  const { diagnostics, ir } = await checkText(text, at);
  return { diagnostics: [...diagnostics, ...(ir ? analyzeWorkflow(ir).diagnostics : [])], ir };
}

const brief = (d: Diagnostic) => `${d.code} ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

const SUPERVISOR = (guard: string) => `workflow w {
  agent sup { model "openai:gpt-4o-mini" budget 500 tokens per turn output { next: "researcher" | "coder" } }
  agent researcher { model "openai:gpt-4o-mini" budget 500 tokens per turn }
  flow {
    start sup
    sup -> researcher when ${guard}
    sup -> done
    researcher -> done
  }
}
`;

describe('routing values are a checked list (issue 15, problem 4)', () => {
  it('a field of listed values parses and lowers to the IR list that guards are checked against', async () => {
    const { diagnostics, ir } = await lint(SUPERVISOR('sup.next == "researcher"'));
    expect(diagnostics).toEqual([]);
    expect(ir!.agents[0]!.output).toEqual([{ name: 'next', type: 'string', values: ['researcher', 'coder'] }]);
  });

  it('a misspelt value is COORD117, with the closest listed value as a did-you-mean', async () => {
    const { diagnostics } = await lint(SUPERVISOR('sup.next == "reseacher"'));
    expect(diagnostics.map(brief)).toEqual([
      'COORD117 the guard of `sup -> researcher`: `sup.next == "reseacher"` compares with a value `sup.next` never takes; it is one of "researcher" | "coder" (did you mean \'researcher\'?)',
    ]);
  });
});

describe('guards: contains and comparing two values (problem 8)', () => {
  const DEBATE = (guard: string) => `workflow w {
  agent a { model "openai:gpt-4o-mini" budget 500 tokens per turn output { verdict: "yes" | "no", score: number, tags: string[] } }
  agent b { model "openai:gpt-4o-mini" budget 500 tokens per turn output { verdict: "yes" | "no", score: number } }
  flow {
    start a
    a -> b
    b -> done when ${guard}
    b -> a max 2
    b -> done
  }
}
`;

  it('`contains` on a string or a list and `==` between two fields lower to comparisons', async () => {
    const { diagnostics, ir } = await lint(DEBATE('a.verdict == b.verdict or a.tags contains "final"'));
    expect(diagnostics).toEqual([]);
    expect(ir!.flow.guards.g1).toEqual({
      kind: 'or',
      args: [
        { kind: 'compare', left: { node: 'a', path: ['verdict'] }, op: '==', right: { node: 'b', path: ['verdict'] } },
        { kind: 'compare', left: { node: 'a', path: ['tags'] }, op: 'contains', right: 'final' },
      ],
    });
  });

  it('compares two values only of one type, and looks inside strings and lists only (COORD109)', async () => {
    expect(codes((await lint(DEBATE('a.verdict == b.score'))).diagnostics)).toEqual(['COORD109']);
    expect(codes((await lint(DEBATE('a.score contains 3'))).diagnostics)).toEqual(['COORD109']);
    expect(codes((await lint(DEBATE('a.tags contains 3'))).diagnostics)).toEqual(['COORD109']);
    expect(codes((await lint(DEBATE('a.score < b.score'))).diagnostics)).toEqual([]);
  });

  it('a malformed guard says it is a guard, shows the forms, and suggests the operator meant', async () => {
    const has = (await lint(DEBATE('a.verdict has "yes"'))).diagnostics;
    expect(has).toHaveLength(1);
    expect(has[0]!.message).toMatch(/^malformed guard: unexpected '"yes"' after `when a\.verdict has`; a guard is/);
    expect(has[0]!.hint).toBe("did you mean 'contains'?");
    const single = (await lint(DEBATE('a.verdict = "yes"'))).diagnostics;
    expect(single.map((d) => d.hint)).toEqual(["did you mean '=='?"]);
  });
});

describe('reuse: agent templates (problem 9)', () => {
  const REGION = (agents: string) => `workflow w {
${agents}
  flow {
    start debate
    parallel debate { branch pro  branch con  branch third }
    debate -> done
  }
}
`;
  const full = (name: string) => `  agent ${name} { model "openai:gpt-4o-mini" budget 500 tokens per turn output { verdict: string } }`;

  it('copies of one agent in parallel branches warn about shared fields (COORD205), once per pair', async () => {
    const { diagnostics } = await lint(REGION([full('pro'), full('con'), full('third')].join('\n')));
    expect(codes(diagnostics)).toEqual(['COORD205', 'COORD205']);
  });

  it('instances of one template run side by side with no finding, and inherit what they do not set', async () => {
    const { diagnostics, ir } = await lint(
      REGION([full('debater'), '  agent pro from debater { role "For." }', '  agent con from debater { role "Against." }', '  agent third from debater'].join('\n')),
    );
    expect(diagnostics).toEqual([]);
    const con = ir!.agents.find((a) => a.name === 'con')!;
    expect(con).toMatchObject({ kind: 'llm', provider: 'openai', model: 'gpt-4o-mini', role: 'Against.', budget: { perTurn: 500 }, template: 'debater' });
    expect(con.output).toEqual([{ name: 'verdict', type: 'string' }]);
  });

  it('an instance may run in a map too', async () => {
    const { diagnostics, ir } = await lint(`workflow w {
  agent planner { model "openai:gpt-4o-mini" budget 500 tokens per turn output { items: string[] } }
  agent worker { model "openai:gpt-4o-mini" budget 500 tokens per turn }
  agent checker from worker { budget 300 tokens per turn }
  flow {
    start planner
    planner -> checks
    map checks = checker over planner.items max 4
    checks -> done
  }
}
`);
    expect(diagnostics).toEqual([]);
    expect(ir!.agents.find((a) => a.name === 'checker')!.budget).toEqual({ perTurn: 300 });
  });
});

describe('prompts: multi-line strings and role files (problem 10)', () => {
  it('a """ string spans lines and loses the indentation its lines share', async () => {
    expect(textBlock('\n      First line.\n        indented.\n      Last.\n      ')).toBe('First line.\n  indented.\nLast.');
    const { diagnostics, ir } = await lint(`workflow w {
  agent a {
    model "openai:gpt-4o-mini"
    role """
      Argue for the motion.
      Keep it "short".
      """
  }
  flow { start a  a -> done }
}
`);
    expect(diagnostics).toEqual([]);
    expect(ir!.agents[0]!.role).toBe('Argue for the motion.\nKeep it "short".');
  });

  it('`role file` reads the file next to the .coord file; a missing one is COORD058', async () => {
    const dir = tempDir('coord-role-');
    writeFileSync(nodePath.join(dir, 'critic.md'), 'Find the weakest claim.\n');
    const text = (path: string) => `workflow w {\n  agent critic { model "openai:gpt-4o" role file "${path}" }\n  flow { start critic  critic -> done }\n}\n`;
    const found = await lint(text('critic.md'), nodePath.join(dir, 'flow.coord'));
    expect(found.diagnostics).toEqual([]);
    expect(found.ir!.agents[0]!.role).toBe('Find the weakest claim.\n');
    const missing = await lint(text('prompts/critic.md'), nodePath.join(dir, 'flow.coord'));
    expect(codes(missing.diagnostics)).toEqual(['COORD058']);
  });
});

describe('messages from people and on the route taken (problems 3 and 5)', () => {
  it('a human step may send its answer on a channel; the sender must be an agent or a human step (COORD040)', async () => {
    const flow = (sender: string) => `workflow w {
  agent writer { model "openai:gpt-4o-mini" budget 500 tokens per turn }
  agent publisher { model "openai:gpt-4o-mini" }
  channel ${sender} -> publisher
  flow {
    start writer
    writer -> edit
    human edit text "What should change?"
    edit -> publisher
    publisher -> done
  }
}
`;
    const { diagnostics, ir } = await lint(flow('edit'));
    expect(diagnostics).toEqual([]);
    expect(ir!.channels[0]).toMatchObject({ id: 'edit->publisher', from: 'edit', to: 'publisher' });
    expect((await lint(flow('edti'))).diagnostics.map(brief)).toEqual([
      "COORD040 channel sender 'edti' is neither a declared agent nor a human step (did you mean 'edit'?)",
    ]);
  });

  it("a channel's `when` is a guard of the flow, checked like a transition's", async () => {
    const flow = (guard: string) => `workflow w {
  agent sup { model "openai:gpt-4o-mini" output { next: "researcher" | "coder" } }
  agent researcher { model "openai:gpt-4o-mini" }
  channel sup -> researcher when ${guard}
  flow { start sup  sup -> researcher  researcher -> done }
}
`;
    const { diagnostics, ir } = await lint(flow('sup.next == "researcher"'));
    expect(diagnostics).toEqual([]);
    expect(ir!.channels[0]!.when).toBe('g1');
    expect(ir!.flow.guards.g1).toMatchObject({ kind: 'compare', op: '==', right: 'researcher' });
    expect((await lint(flow('sup.nxt == "researcher"'))).diagnostics.map((d) => d.code)).toEqual(['COORD060']);
    expect((await lint(flow('sup.next == "coderr"'))).diagnostics.map((d) => d.hint)).toEqual(["did you mean 'coder'?"]);
  });
});

describe('memory instead of a self-channel (problem 1)', () => {
  it('memory lowers to the IR in tokens, and is checked like any token quantity', async () => {
    const agent = (memory: string) => `workflow w {\n  agent sup { model "openai:gpt-4o-mini" ${memory} }\n  flow { start sup  sup -> done }\n}\n`;
    const { diagnostics, ir } = await lint(agent('memory 2k tokens'));
    expect(diagnostics).toEqual([]);
    expect(ir!.agents[0]!.memory).toBe(2000);
    expect(codes((await lint(agent('memory 2000 turns'))).diagnostics)).toEqual(['COORD031']);
    expect(codes((await lint(agent('memory 0 tokens'))).diagnostics)).toEqual(['COORD030']);
  });

  it('memory below the per-turn budget, since what it gives back is input of the turn (COORD032)', async () => {
    const agent = (settings: string) => `workflow w {\n  agent sup { model "openai:gpt-4o-mini" ${settings} }\n  flow { start sup  sup -> done }\n}\n`;
    const { diagnostics } = await lint(agent('budget 1500 tokens per turn memory 2000 tokens'));
    expect(diagnostics.map(brief)).toEqual([
      'COORD032 memory 2000 is not below the per-turn budget 1500: a turn that reads back all of it has nothing left to answer with (lower the memory below 1500, or raise the per-turn budget)',
    ]);
    expect((await lint(agent('budget 1500 tokens per turn memory 1000 tokens'))).diagnostics).toEqual([]);
  });

  it("a self-channel's hint points at memory, no longer at a context agents do not keep", async () => {
    const { diagnostics } = await lint('workflow w {\n  agent a { model "openai:gpt-4o" }\n  channel a -> a\n  flow { start a  a -> done }\n}\n');
    expect(diagnostics.map((d) => d.hint)).toEqual(['Remove the channel and give the agent `memory <n> tokens`: it then reads its own earlier turns.']);
  });
});

describe('a shared conversation (problem 2)', () => {
  const room = (body: string, members = 'writer, critic, editor') => `workflow w {
  budget 5000 tokens
  agent writer { model "openai:gpt-4o-mini" budget 500 tokens per turn }
  agent critic { model "openai:gpt-4o-mini" budget 500 tokens per turn }
  agent editor { model "openai:gpt-4o-mini" budget 500 tokens per turn }
  conversation room {
    members ${members}
${body}
  }
  flow { start writer  writer -> critic  critic -> editor  editor -> done }
}
`;

  it('lowers its members, window and budgets per message, per run and per member', async () => {
    const { diagnostics, ir } = await lint(room('    window 600 tokens\n    budget 200 tokens per message\n    budget 3000 tokens\n    budget 900 tokens per member'));
    expect(diagnostics).toEqual([]);
    expect(ir!.conversations).toEqual([
      { id: 'room', members: ['writer', 'critic', 'editor'], window: 600, mode: 'text', budget: { perMessage: 200, perRun: 3000, perMember: 900 }, loc: expect.anything() },
    ]);
  });

  it('needs a window, two distinct members, known scopes and budgets within the workflow\'s', async () => {
    expect(codes((await lint(room('    budget 200 tokens per message'))).diagnostics)).toEqual(['COORD024']);
    expect(codes((await lint(room('    window 600 tokens', 'writer'))).diagnostics)).toEqual(['COORD065']);
    expect(codes((await lint(room('    window 600 tokens', 'writer, writer'))).diagnostics)).toEqual(['COORD020']);
    expect(codes((await lint(room('    window 600 tokens\n    budget 200 tokens per turn'))).diagnostics)).toEqual(['COORD023']);
    expect(codes((await lint(room('    window 600 tokens\n    budget 9000 tokens per run'))).diagnostics)).toEqual(['COORD032']);
    expect(codes((await lint(room('    window 600 tokens', 'writer, critc'))).diagnostics)).toEqual(['COORD021']);
  });

  it('a latent or hybrid conversation needs a coordinator (COORD043); a readout only matters there (COORD044)', async () => {
    const latent = await lint(room('    window 600 tokens\n    mode latent\n    readout 200 tokens'));
    expect(codes(latent.diagnostics)).toEqual(['COORD043']);
    const withCoordinator = await lint(room('    window 600 tokens\n    mode hybrid\n    readout 200 tokens').replace('budget 5000 tokens', 'budget 5000 tokens\n  coordinator { model "builtin" }'));
    expect(withCoordinator.diagnostics).toEqual([]);
    expect(withCoordinator.ir!.conversations![0]).toMatchObject({ mode: 'hybrid', readout: 200 });
    expect(codes((await lint(room('    window 600 tokens\n    readout 200 tokens'))).diagnostics)).toEqual(['COORD044']);
  });
});

describe('templates carry the model settings of issues 16 and 16b', () => {
  it('an instance takes the template\'s tools, fallback and sampling; its own tool of a name replaces the template\'s, its own sampling wins', async () => {
    const text = `workflow w {
  agent base {
    model "openai:gpt-4o-mini"
    fallback "openai:gpt-4o"
    sampling { temperature 0.2 }
    tool web mcp http "http://127.0.0.1:8931/mcp"
    tool docs mcp http "http://127.0.0.1:8932/mcp"
  }
  agent pro from base { sampling { temperature 0.9 }  tool docs mcp http "http://127.0.0.1:9000/mcp" }
  flow { start pro  pro -> done }
}
`;
    const { diagnostics, ir } = await lint(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const pro = ir!.agents.find((a) => a.name === 'pro')!;
    expect(pro).toMatchObject({ kind: 'llm', model: 'gpt-4o-mini', fallback: [{ provider: 'openai', model: 'gpt-4o' }], sampling: { temperature: 0.9 } });
    expect(pro.kind === 'llm' && pro.tools?.map((t) => [t.name, t.source.kind === 'mcp-http' ? t.source.url : ''])).toEqual([
      ['web', 'http://127.0.0.1:8931/mcp'],
      ['docs', 'http://127.0.0.1:9000/mcp'],
    ]);
  });
});
