import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileMachine } from '../../src/compile/machine.js';
import { MachineConfig } from '../../src/ir/machine.js';
import { isChecked, markChecked, PARSED_ONCE, parseOnce, safeParseOnce } from '../../src/ir/parse-once.js';
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

describe('values checked once (parseOnce, markChecked)', () => {
  const ir = () =>
    workflow({
      agents: [functionAgent('a', 'echo.ts'), functionAgent('b', 'echo.ts')],
      channels: [textChannel('a', 'b')],
      nodes: [agentNode('a', [{ to: 'b' }]), agentNode('b', [{ to: 'done' }])],
    });

  it('parse a value once: what parseOnce returned is returned again as it is, frozen all the way down', () => {
    const parsed = parseOnce(WorkflowIR, ir());
    const parse = vi.spyOn(WorkflowIR, 'parse');
    try {
      expect(parseOnce(WorkflowIR, parsed)).toBe(parsed);
      expect(safeParseOnce(WorkflowIR, parsed)).toEqual({ success: true, data: parsed });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    expect(Object.isFrozen(parsed) && Object.isFrozen(parsed.agents[0]) && Object.isFrozen(parsed.flow.nodes[0]!.next)).toBe(true);
    expect(() => {
      (parsed as { name: string }).name = 'changed';
    }).toThrow(TypeError);
  });

  it('still validate an IR from outside: a copy of a checked one, a value read from disk, one checked against another schema', () => {
    const parsed = parseOnce(WorkflowIR, ir());
    const bad = { ...JSON.parse(JSON.stringify(parsed)), agents: [{ kind: 'function', name: 'a' }] };
    expect(() => parseOnce(WorkflowIR, bad)).toThrow();
    const refused = safeParseOnce(WorkflowIR, bad);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues).toEqual(WorkflowIR.safeParse(bad).error?.issues);

    const parse = vi.spyOn(WorkflowIR, 'parse');
    try {
      const copy = JSON.parse(JSON.stringify(parsed)) as unknown;
      expect(parseOnce(WorkflowIR, copy)).toEqual(parsed);
      expect(parse).toHaveBeenCalledTimes(1);
      // Checked against the machine's schema is not checked against the IR's.
      const machine = markChecked(MachineConfig, compileMachine(parsed));
      expect(isChecked(MachineConfig, machine)).toBe(true);
      expect(isChecked(WorkflowIR, machine)).toBe(false);
      expect(() => parseOnce(WorkflowIR, machine)).toThrow();
    } finally {
      parse.mockRestore();
    }
  });

  it('is not a property of a value nobody checked: the compiler output of an unchecked IR is parsed', () => {
    const machine = compileMachine(ir());
    expect(isChecked(MachineConfig, machine)).toBe(false);
    const parse = vi.spyOn(MachineConfig, 'safeParse');
    try {
      expect(safeParseOnce(MachineConfig, machine).success).toBe(true);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
