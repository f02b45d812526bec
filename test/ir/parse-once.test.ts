import { afterEach, describe, expect, it } from 'vitest';
import { compileMachine } from '../../src/compile/machine.js';
import { MachineConfig } from '../../src/ir/machine.js';
import { PARSED_ONCE } from '../../src/ir/parse-once.js';
import { WorkflowIR } from '../../src/ir/schema.js';
import { agentNode, functionAgent, textChannel, workflow } from '../runtime/support/ir.js';

/** Counts the functions made from source text (`new Function`), which is how zod compiles an object schema's fast path. */
function countCompiledFunctions(): { count: () => number; restore: () => void } {
  const original = globalThis.Function;
  let count = 0;
  globalThis.Function = new Proxy(original, {
    construct(target, args) {
      count++;
      return Reflect.construct(target, args);
    },
  });
  return { count: () => count, restore: () => void (globalThis.Function = original) };
}

describe('values parsed once (PARSED_ONCE)', () => {
  let spy: ReturnType<typeof countCompiledFunctions> | undefined;
  afterEach(() => spy?.restore());

  it("are validated without compiling zod's fast path, to the same values as with it", () => {
    const ir = workflow({
      agents: [functionAgent('a', 'echo.ts'), functionAgent('b', 'echo.ts')],
      channels: [textChannel('a', 'b')],
      nodes: [agentNode('a', [{ to: 'b' }]), agentNode('b', [{ to: 'done' }])],
    });
    const machine = compileMachine(ir);
    spy = countCompiledFunctions();
    const once = { ir: WorkflowIR.parse(ir, PARSED_ONCE), machine: MachineConfig.parse(machine, PARSED_ONCE) };
    expect(spy.count()).toBe(0);
    // The default compiles it, which is what the count would see.
    const compiled = { ir: WorkflowIR.parse(ir), machine: MachineConfig.parse(machine) };
    expect(spy.count()).toBeGreaterThan(0);
    expect(once).toEqual(compiled);
  });

  it('are refused as they are without it', () => {
    const bad = { ...workflow({ agents: [functionAgent('a', 'echo.ts')], nodes: [agentNode('a', [{ to: 'done' }])] }), agents: [{ kind: 'function', name: 'a' }] };
    const once = WorkflowIR.safeParse(bad, PARSED_ONCE);
    const compiled = WorkflowIR.safeParse(bad);
    expect(once.success).toBe(false);
    expect(once.error?.issues).toEqual(compiled.error?.issues);
  });
});
