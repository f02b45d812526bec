import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadWorkflow } from '../../src/language/index.js';
import { WorkflowIR } from '../../src/ir/schema.js';
import { withLlmAgents } from '../../src/bench/llm-agents.js';
import { llmBrief } from '../../src/bench/llm-briefs.js';
import { FAMILY_NAMES, generateTask, turnsOf, type TaskInstance } from '../../src/bench/task.js';
import { seedFor } from '../../src/bench/splits.js';

const root = path.resolve(import.meta.dirname, '../..');

describe.each(FAMILY_NAMES)('LLM agents for workflows/bench/%s.coord', (family) => {
  let ir: WorkflowIR;
  let instance: TaskInstance;

  beforeAll(async () => {
    ir = (await loadWorkflow(path.join(root, 'workflows', 'bench', `${family}.coord`))).ir!;
    instance = generateTask(family, seedFor('test', 4), 'test');
  });

  it('turns every agent into an LLM agent on the model, with a role per position and the declared outputs, plus a message where it sends', () => {
    const llm = WorkflowIR.parse(withLlmAgents(ir, family, { provider: 'openai', model: 'gpt-4o-mini' }));
    expect(llm.flow).toEqual(ir.flow);
    expect(llm.channels).toEqual(ir.channels);
    for (const [i, agent] of llm.agents.entries()) {
      const before = ir.agents[i]!;
      expect(agent).toMatchObject({ kind: 'llm', name: before.name, provider: 'openai', model: 'gpt-4o-mini', budget: before.budget });
      const position = /(\d+)$/.exec(agent.name)?.[1];
      if (position) expect(agent.role).toMatch(new RegExp(`\\b${position}\\b`));
      const sends = ir.channels.some((c) => c.from === agent.name);
      if (before.output && sends) expect(agent.output).toEqual([{ name: 'message', type: 'string' }, ...before.output]);
      else expect(agent.output).toEqual(before.output);
    }
  });

  it("gives each agent only its own part of the task, never the answer's record", () => {
    // Agents past the task's size have no part: they share the brief that says so.
    const parts = turnsOf(instance).map((t) => llmBrief(instance, t.agent));
    expect(new Set(parts).size).toBe(parts.length);
    for (const part of parts) {
      expect(part).not.toContain(instance.id);
      expect(part).not.toContain(JSON.stringify(instance.answer));
    }
    const decider = llmBrief(instance, instance.decider);
    switch (instance.family) {
      case 'multihop':
        expect(decider).toBe(`Question: ${instance.question.text}`);
        for (const h of instance.holders) for (const s of h.sentences) expect(llmBrief(instance, h.agent)).toContain(s);
        expect(llmBrief(instance, instance.holders.at(-1)!.agent)).toContain('set "last" to true');
        break;
      case 'relay':
        expect(decider).toContain(instance.request);
        expect(decider).toContain(instance.required.map((a) => `${a}: <value>`).join('; '));
        for (const r of instance.relays) for (const s of r.own) expect(llmBrief(instance, r.agent)).toContain(s.sentence);
        break;
      case 'consensus':
        for (const o of instance.options) expect(decider).toContain(`${o.name}: in ${o.city}, on ${o.day}`);
        for (const m of instance.members) for (const s of m.sentences) expect(llmBrief(instance, m.agent)).toContain(s);
        break;
    }
  });
});
