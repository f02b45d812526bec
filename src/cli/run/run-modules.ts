/** Everything `coord run` needs beyond its arguments and its check, imported as one (commands/run.ts). */
export { compileMachine } from '../../compile/machine.js';
export { preloadFunctionAgents } from '../../../runtime/agents/function.js';
export { simulatedHumanIO } from '../../../runtime/run/human-io.js';
export { startRun } from '../../../runtime/run/run.js';
export { FileRunStore } from '../../../runtime/store/file-store.js';
export { providersFor } from './providers.js';
export { openTracer, closeTracer } from './tracing.js';
export { loadDashboard, openRunOutput, outputMode } from './output.js';
export { refusalOf } from './refusals.js';
export { exitCodeFor } from './session.js';
