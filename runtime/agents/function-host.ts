/**
 * The program function agents run in: a worker thread per agent module, so that
 * whatever an agent's code does (loop forever, leave a promise that never settles,
 * reject a promise nobody awaits, throw something that is not an Error) the run can
 * stop it and say what happened. It is plain JavaScript, evaluated by
 * `new Worker(FUNCTION_HOST, { eval: true })`, so it runs the same from the sources
 * (through tsx) and from the built package.
 *
 * Protocol (function-pool.ts is the other side):
 * - workerData: `{ loader, tsx, compileCache }`: the URL of load-module (compiled, or its
 *   TypeScript source when coord runs from its sources), imported as soon as the thread starts;
 *   tsx's API URL, to load that source where this Node cannot strip types; the folder of Node's
 *   compile cache for the thread, if any (compile-cache.ts), turned on before anything loads.
 *   The agent's module comes with the first message, so that a thread can start before anyone
 *   knows which module it will load (a spare thread: function-pool.ts); until then it runs
 *   coord's code only.
 * - in:  `{ type: 'load', file }` (first, once) | `{ type: 'turn', id, args }` | `{ type: 'abort', id }`
 * - out: `{ type: 'loaded' }` | `{ type: 'returned', id, value }` | `{ type: 'failed', id?, reason, message }`,
 *   reason one of `load`, `error` (it threw an Error), `threw` (anything else), `uncloneable`,
 *   and, without an id since no turn can be told apart, `unhandled` and `uncaught`.
 * Turns run side by side as the agent's promises allow. While any runs, the thread does
 * not keep itself alive: if the agents leave nothing to wait on (a promise that can never
 * settle), the thread ends, and the pool says so.
 */
export const FUNCTION_HOST = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { enableCompileCache, flushCompileCache } = require('node:module');

if (workerData.compileCache) enableCompileCache(workerData.compileCache);

let loading;
const turns = new Map();
// The loader loads now, before the module is named: a spare thread has it ready when it is.
const loaderLoading = /\.ts$/.test(workerData.loader) && !process.features.typescript
  ? import(workerData.tsx).then((tsx) => tsx.tsImport(workerData.loader, workerData.loader))
  : import(workerData.loader);
loaderLoading.catch(() => undefined);

function describe(value) {
  if (value instanceof Error) return value.message;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function load(file) {
  loading ??= (async () => {
    const loader = await loaderLoading;
    const module = await loader.importAgentModule(file);
    // Written as soon as the module has loaded: a process killed outright ends no thread cleanly.
    if (workerData.compileCache) flushCompileCache();
    if (typeof module.default === 'function') return module.default;
    const functions = Object.entries(module).filter(([name, value]) => name !== 'default' && typeof value === 'function');
    if (functions.length === 1) return functions[0][1];
    throw new Error('must export one function (a default export, or a single named export); it exports ' +
      (functions.length === 0 ? 'none' : functions.map(([name]) => name).join(', ')));
  })();
  return loading;
}

function send(message) {
  try {
    parentPort.postMessage(message);
  } catch (error) {
    parentPort.postMessage({ type: 'failed', id: message.id, reason: 'uncloneable', message: describe(error) });
  }
}

function settle(id, message) {
  if (!turns.delete(id)) return;
  if (turns.size === 0) parentPort.ref();
  send({ ...message, id });
}

process.on('unhandledRejection', (reason) => send({ type: 'failed', reason: 'unhandled', message: describe(reason) }));
process.on('uncaughtException', (error) => send({ type: 'failed', reason: 'uncaught', message: describe(error) }));

parentPort.on('message', async (message) => {
  if (message.type === 'abort') return turns.get(message.id)?.abort();
  if (message.type === 'load') {
    try {
      await load(message.file);
      send({ type: 'loaded' });
    } catch (error) {
      send({ type: 'failed', reason: 'load', message: describe(error) });
    }
    return;
  }
  const controller = new AbortController();
  turns.set(message.id, controller);
  parentPort.unref();
  try {
    const fn = await loading;
    settle(message.id, { type: 'returned', value: await fn({ ...message.args, signal: controller.signal }) });
  } catch (error) {
    // An Error speaks for itself; anything else thrown is named as such (throw null).
    settle(message.id, error instanceof Error ? { type: 'failed', reason: 'error', message: error.message } : { type: 'failed', reason: 'threw', message: describe(error) });
  }
});
`;
