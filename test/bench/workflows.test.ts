import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadWorkflow } from '../../src/language/index.js';
import { compileMachine } from '../../src/compile/machine.js';
import type { WorkflowIR } from '../../src/ir/schema.js';
import { createFunctionAgent } from '../../runtime/agents/function.js';
import type { AgentRunner } from '../../runtime/agents/agent.js';
import { applyPolicy } from '../../src/bench/policies.js';
import { runTask } from '../../src/bench/run-task.js';
import { FAMILY_NAMES, generateTask, scoreTask } from '../../src/bench/task.js';
import { seedFor } from '../../src/bench/splits.js';
import { trafficOf } from '../../src/bench/metrics.js';
import { lintFiles } from '../../src/cli/lint/lint-report.js';

const root = path.resolve(import.meta.dirname, '../..');

describe.each(FAMILY_NAMES)('workflows/bench/%s.coord', (family) => {
  let ir: WorkflowIR;
  let runners: Record<string, AgentRunner>;

  beforeAll(async () => {
    const loaded = await loadWorkflow(path.join(root, 'workflows', 'bench', `${family}.coord`));
    expect(loaded.diagnostics).toEqual([]);
    ir = loaded.ir!;
    runners = Object.fromEntries(await Promise.all(ir.agents.map(async (a) => [a.name, await createFunctionAgent(a as never)] as const)));
  });

  it('lints with no findings at all, a static budget bound included, and declares only function agents', async () => {
    const report = await lintFiles([path.join(root, 'workflows', 'bench', `${family}.coord`)]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, infos: 0 });
    expect(ir.agents.every((a) => a.kind === 'function')).toBe(true);
  });

  it('solves its tasks through the runtime when channels carry full text', async () => {
    const text = applyPolicy(ir, { policy: 'text' }, {});
    for (let i = 0; i < 5; i++) {
      const instance = generateTask(family, seedFor('test', i), 'test');
      const run = await runTask({ ir: text, machine: compileMachine(text), instance, runId: `wf-${family}-${i}`, runners });
      expect(run.outcome).toBe('done');
      expect(scoreTask(instance, run.output)).toBe(true);
      expect(trafficOf(run.events).delivered).toBeGreaterThan(0);
    }
  });

  it('lets the decider read only what the channels deliver: with nothing delivered it answers from nothing', async () => {
    const silent = applyPolicy(ir, { policy: 'silent' }, {});
    const instance = generateTask(family, seedFor('test', 0), 'test');
    const run = await runTask({ ir: silent, machine: compileMachine(silent), instance, runId: `wf-silent-${family}`, runners });
    expect(run.outcome).toBe('done');
    expect(trafficOf(run.events).delivered).toBe(0);
    if (family !== 'consensus') expect(scoreTask(instance, run.output)).toBe(false);
  });

  it('runs only as many members as the task has, through the `last` guards', async () => {
    const text = applyPolicy(ir, { policy: 'text' }, {});
    const instance = generateTask(family, seedFor('validation', 4), 'validation');
    const run = await runTask({ ir: text, machine: compileMachine(text), instance, runId: `wf-turns-${family}`, runners });
    const speakers = run.events.filter((e) => e.type === 'turn.finished').map((e) => (e as { agent: string }).agent);
    const expected = 'holders' in instance ? instance.holders.length : 'members' in instance ? instance.members.length : 4;
    expect(speakers).toHaveLength(expected + 1);
    expect(speakers.at(-1)).toBe(instance.decider);
  });
});
