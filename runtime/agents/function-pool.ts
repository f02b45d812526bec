import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { compileCacheDir } from './compile-cache.js';
import { FUNCTION_HOST } from './function-host.js';

/** How long a stopped turn (the run cancelled, a lost `join first`, its timeout) may take to honour its signal before its thread is ended. */
export const ABORT_GRACE_MS = 2000;
/** How long loading a module may take (tsx compiles TypeScript on the way). */
const LOAD_TIMEOUT_MS = 120_000;

/** Why a function agent's turn failed, in words that say what the code did. */
export class FunctionTurnError extends Error {
  override readonly name = 'FunctionTurnError';
}

/** The module could not be loaded, or does not export one function. */
export class FunctionLoadError extends Error {
  override readonly name = 'FunctionLoadError';
}

/** What the host says (function-host.ts). */
type HostMessage =
  | { type: 'loaded' }
  | { type: 'returned'; id: number; value: unknown }
  | { type: 'failed'; id?: number; reason: 'load' | 'error' | 'threw' | 'uncloneable' | 'unhandled' | 'uncaught'; message: string };

export interface FunctionCall {
  /** Everything the function gets but its signal (structured-cloned to its thread). */
  args: Record<string, unknown>;
  signal: AbortSignal;
  /** The longest the turn may take; it is then stopped, and its thread ended if it will not stop. */
  timeoutMs: number;
}

interface Pending {
  settle: (outcome: { value: unknown } | { error: Error }) => void;
}

/**
 * The worker thread of one agent module: started on first use and kept (idle, it never
 * keeps the process alive), so a module loads once, and its turns run side by side in it
 * as their promises allow. A turn that will not stop (a busy loop) or a failure no turn
 * can be told apart from (a stray rejection, an exception thrown from a timer) ends the
 * thread, failing every turn in it, each saying why; the next turn starts a new thread.
 */
export class FunctionPool {
  private worker: Worker | undefined;
  private loaded: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Settles the load of the current thread. */
  private onLoad: (error?: Error) => void = () => {};

  constructor(
    /** The agent module's path. */
    private readonly file: string,
  ) {}

  /** Loads the module, so that a bad module stops the run before any agent has spent a token. */
  check(): Promise<void> {
    this.thread();
    return this.loaded!;
  }

  /** Runs one turn and returns what the function returned. */
  call(call: FunctionCall): Promise<unknown> {
    const worker = this.thread();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      let grace: NodeJS.Timeout | undefined;
      let late: string | undefined;
      // Stopped (by the run, or its timeout): asked to stop, then ended if it does not.
      const stop = (why: string) => {
        if (grace) return;
        worker.postMessage({ type: 'abort', id });
        grace = setTimeout(() => this.end(`${why}, and did not stop within ${ABORT_GRACE_MS} ms of being asked to (it ignores its signal), so its thread was ended`, id), ABORT_GRACE_MS);
      };
      const timer = setTimeout(() => {
        late = `its function did not finish within ${call.timeoutMs} ms`;
        stop(late);
      }, call.timeoutMs);
      const onAbort = () => stop('its turn was stopped');
      const done = () => {
        clearTimeout(timer);
        clearTimeout(grace);
        call.signal.removeEventListener('abort', onAbort);
        this.pending.delete(id);
        if (this.pending.size === 0) this.worker?.unref();
      };
      this.pending.set(id, {
        settle: (outcome) => {
          done();
          // Whatever it did once asked to stop, a turn past its timeout failed.
          if (late && !('error' in outcome && outcome.error.message.startsWith(late))) reject(new FunctionTurnError(`${late}, so it was stopped`));
          else if ('error' in outcome) reject(outcome.error);
          else resolve(outcome.value);
        },
      });
      worker.ref();
      if (call.signal.aborted) onAbort();
      else call.signal.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ type: 'turn', id, args: call.args });
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = spares.shift() ?? startThread();
    worker.removeAllListeners();
    this.worker = worker;
    let loading = true;
    this.loaded = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new FunctionLoadError(`it did not load within ${LOAD_TIMEOUT_MS} ms`)), LOAD_TIMEOUT_MS);
      this.onLoad = (error) => {
        loading = false;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
    });
    // A failed load is raised where it is awaited (check, or the turn that started the thread).
    this.loaded.catch(() => undefined);
    worker.on('message', (message: HostMessage) => this.receive(message));
    worker.on('error', (error) => this.end(`its code threw outside any turn's promise: ${error.message}`));
    worker.on('exit', (code) =>
      this.end(loading ? `its thread ended (exit code ${code}) before its module had loaded` : 'its function returned a promise that can never settle (it left nothing to wait on), so its thread ended'),
    );
    worker.unref();
    worker.postMessage({ type: 'load', file: this.file });
    return worker;
  }

  private receive(message: HostMessage): void {
    if (message.type === 'loaded') return this.onLoad();
    if (message.type === 'returned') return this.pending.get(message.id)?.settle({ value: message.value });
    if (message.reason === 'load') {
      this.onLoad(new FunctionLoadError(message.message));
      return this.end(`cannot load its module: ${message.message}`);
    }
    if (message.id === undefined) {
      const what = message.reason === 'unhandled' ? `a promise its function did not await was rejected: ${message.message}` : `its code threw outside the turn's promise: ${message.message}`;
      return this.end(what);
    }
    this.pending.get(message.id)?.settle({ error: new FunctionTurnError(failureText(message.reason, message.message)) });
  }

  /**
   * Ends the thread: `culprit`'s turn (every turn, when there is none to blame) fails
   * with `why`, and the others say their thread had to go.
   */
  private end(why: string, culprit?: number): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    this.loaded = undefined;
    // A thread ended while loading fails its load now, not at the load timeout.
    this.onLoad(new FunctionLoadError(why));
    worker.removeAllListeners();
    void worker.terminate();
    for (const [id, turn] of [...this.pending]) {
      const message = culprit === undefined || id === culprit ? why : `its thread was ended because another turn of the same module had to be stopped (${why})`;
      turn.settle({ error: new FunctionTurnError(message) });
    }
  }
}

function failureText(reason: 'error' | 'threw' | 'uncloneable' | 'unhandled' | 'uncaught', message: string): string {
  switch (reason) {
    case 'error':
      return message;
    case 'threw':
      return `its function threw ${message}`;
    case 'uncloneable':
      return `its function returned a value that cannot leave its thread (functions, class instances): ${message}`;
    case 'unhandled':
      return `a promise its function did not await was rejected: ${message}`;
    case 'uncaught':
      return `its code threw outside the turn's promise: ${message}`;
  }
}

/**
 * What the thread loads agent modules with: load-module.ts, so that a function agent's module
 * loads as it does everywhere else (type stripping, tsx where that does not suffice). It is the
 * sibling of this module as this one was loaded: the source from the sources (which the thread
 * loads through tsx where its Node cannot strip types), compiled in dist/runtime/agents/ (the
 * library), and in the CLI's bundle an entry of its own, dist/bundle/load-module.js, beside
 * every chunk this module may land in (build/bundle.js).
 */
const LOADER = new URL(`./load-module${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');

/** A thread of FUNCTION_HOST: a fresh Node environment that loads the loader, then waits to be told its module. */
function startThread(): Worker {
  return new Worker(FUNCTION_HOST, { eval: true, env: SHARE_ENV, workerData: { loader: LOADER, tsx: TSX, compileCache: compileCacheDir() } });
}

/** Threads started before their modules were known (startSpareThreads), taken by the next pools to start one. */
const spares: Worker[] = [];

/**
 * Starts `count` threads that boot Node and load coord's loader but no agent's module, for a
 * caller that expects function agents before it knows their modules (`coord run`, while its
 * workflow is checked): a thread's start is most of a short run's wait before its first turn,
 * and it can then overlap the check. The next pools to need a thread take them; they run no
 * code of an agent's until then, and never keep the process alive. endSpareThreads ends those
 * not taken.
 */
export function startSpareThreads(count: number): void {
  for (let i = 0; i < count; i++) {
    const worker = startThread();
    worker.unref();
    // One that fails before it is taken is dropped; a pool starts its own instead.
    const drop = () => {
      const at = spares.indexOf(worker);
      if (at >= 0) spares.splice(at, 1);
      void worker.terminate();
    };
    worker.on('error', drop);
    worker.on('exit', drop);
    spares.push(worker);
  }
}

/** Ends the spare threads no pool took. */
export function endSpareThreads(): void {
  for (const worker of spares.splice(0)) {
    worker.removeAllListeners();
    void worker.terminate();
  }
}

const pools = new Map<string, FunctionPool>();

/**
 * The pool of a module. Runs in one process (benchmarks, tests, resumed branches) share
 * it; the file's mtime is in the key, so an edited agent is loaded afresh.
 */
export function poolFor(module: string): FunctionPool {
  const key = `${module}@${modifiedAt(module)}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new FunctionPool(module);
    pools.set(key, pool);
  }
  return pool;
}

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}
