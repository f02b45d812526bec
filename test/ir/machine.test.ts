import { readdirSync } from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMachine } from '../../src/compile/machine.js';
import { MachineConfig } from '../../src/ir/machine.js';
import { loadWorkflow } from '../../src/language/index.js';

const root = nodePath.resolve(import.meta.dirname, '../..');

/** Every workflow the project ships or tests as valid. */
function workflows(): string[] {
  const valid = nodePath.join(root, 'test/fixtures/valid');
  const examples = nodePath.join(root, 'examples');
  return [
    ...readdirSync(valid).filter((f) => f.endsWith('.coord')).map((f) => nodePath.join(valid, f)),
    ...readdirSync(examples, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.coord')).map((f) => nodePath.join(examples, f)),
    ...readdirSync(nodePath.join(root, 'workflows'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.coord')).map((f) => nodePath.join(root, 'workflows', f)),
  ];
}

describe('the machine config contract (src/ir/machine.ts)', () => {
  it('holds for what the compiler makes of every valid workflow', async () => {
    const files = workflows();
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const { ir } = await loadWorkflow(file);
      if (!ir) continue;
      const parsed = MachineConfig.safeParse(JSON.parse(JSON.stringify(compileMachine(ir))));
      expect(parsed.success, `${file}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('refuses a name neither side knows, and parameters that are not the named ones', async () => {
    const { ir } = await loadWorkflow(nodePath.join(root, 'examples/word-stats/flow.coord'));
    const machine = JSON.parse(JSON.stringify(compileMachine(ir!))) as { states: Record<string, { invoke?: { src: string; onDone: Array<{ guard?: { type: string; params: Record<string, unknown> } }> } }> };
    const state = Object.values(machine.states).find((s) => s.invoke)!;
    const renamed = structuredClone(machine);
    Object.values(renamed.states).find((s) => s.invoke)!.invoke!.src = 'agentTurns';
    expect(MachineConfig.safeParse(renamed).success).toBe(false);
    const guarded = structuredClone(machine);
    const guard = Object.values(guarded.states).find((s) => s.invoke)!.invoke!.onDone.find((t) => t.guard)!.guard!;
    guard.params.maxx = 3;
    expect(MachineConfig.safeParse(guarded).success).toBe(false);
    expect(state.invoke!.src).toBe('agentTurn');
  });
});
