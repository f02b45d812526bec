import { compileMachine } from '../../compile/machine.js';
import { MachineConfig } from '../../ir/machine.js';
import { isChecked, markChecked } from '../../ir/parse-once.js';
import { WorkflowIR } from '../../ir/schema.js';

/**
 * The run's machine config, compiled from its IR. From an IR this process checked (the check's
 * answer), the config is the contract's by construction (test/compile/machine.test.ts holds the
 * compiler to the schema), so it is remembered as checked and startRun does not parse it again.
 */
export function compileRunMachine(ir: WorkflowIR): MachineConfig {
  const machine = compileMachine(ir);
  return isChecked(WorkflowIR, ir) ? markChecked(MachineConfig, machine) : machine;
}
