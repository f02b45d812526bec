import { describe, expect, it, vi } from 'vitest';
import { startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import { parseSnapshotCheck } from '../../../src/cli/lint/snapshot-check.js';
import { compileRunMachine } from '../../../src/cli/run/compile-checked.js';
import { MachineConfig } from '../../../src/ir/machine.js';
import { isChecked } from '../../../src/ir/parse-once.js';
import { WorkflowIR } from '../../../src/ir/schema.js';
import { agentNode, functionAgent, textChannel, workflow } from '../../runtime/support/ir.js';

const ir = workflow({
  total: 10_000,
  agents: [functionAgent('a', 'echo.ts'), functionAgent('b', 'echo.ts')],
  channels: [textChannel('a', 'b')],
  nodes: [agentNode('a', [{ to: 'b' }]), agentNode('b', [{ to: 'done' }])],
});
const answer = JSON.stringify({ check: { file: '/virtual/test.coord', diagnostics: [], ir } });

/** What a run reports, less what differs from run to run (times). */
function stable(result: Awaited<ReturnType<typeof startRun>>) {
  return { outcome: result.outcome, outputs: result.outputs, tokens: result.tokens, events: result.events.map(({ type }) => type) };
}

describe("coord run's IR and machine config, checked once", () => {
  it("the IR of a check's answer and the machine compiled from it are not parsed again by startRun, and run as parsed ones do", async () => {
    const checked = parseSnapshotCheck(answer);
    if (!('check' in checked) || !checked.check.ir) throw new Error('the answer has no IR');
    const machine = compileRunMachine(checked.check.ir);
    expect(isChecked(WorkflowIR, checked.check.ir) && isChecked(MachineConfig, machine)).toBe(true);
    expect(Object.isFrozen(machine.states)).toBe(true);

    const parseIr = vi.spyOn(WorkflowIR, 'parse');
    const parseMachine = vi.spyOn(MachineConfig, 'safeParse');
    let once;
    try {
      once = await startRun({ ir: checked.check.ir, machine, store: new MemoryRunStore(), runId: 'once' });
      expect(parseIr).not.toHaveBeenCalled();
      expect(parseMachine).not.toHaveBeenCalled();
    } finally {
      parseIr.mockRestore();
      parseMachine.mockRestore();
    }
    // The same IR and machine as plain values a caller built: parsed, and the run is the same.
    const plainIr = JSON.parse(JSON.stringify(ir)) as WorkflowIR;
    const plain = compileRunMachine(plainIr);
    expect(isChecked(MachineConfig, plain)).toBe(false);
    const twice = await startRun({ ir: plainIr, machine: JSON.parse(JSON.stringify(plain)), store: new MemoryRunStore(), runId: 'twice' });
    expect(stable(once)).toEqual(stable(twice));
    expect(once.outcome).toBe('done');
  });

  it('refuses an IR or a machine config from outside the compiler as before', async () => {
    const badIr = { ...ir, agents: [{ kind: 'function', name: 'a' }] } as unknown as WorkflowIR;
    const refusal = (await startRun({ ir: badIr, machine: compileRunMachine(ir), store: new MemoryRunStore(), runId: 'bad-ir' }).catch((error: unknown) => error)) as { issues?: unknown };
    expect(refusal.issues).toEqual(WorkflowIR.safeParse(badIr).error!.issues);
    const badMachine = { ...compileRunMachine(ir), initial: '' };
    await expect(startRun({ ir, machine: badMachine, store: new MemoryRunStore(), runId: 'bad-machine' })).rejects.toThrow(
      'the machine config given to startRun does not match the schema in src/ir/machine.ts: initial:',
    );
  });
});
