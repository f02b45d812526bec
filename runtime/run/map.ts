import type { MapNode } from '../../src/ir/schema.js';
import { resolveRef } from '../guards/evaluate.js';
import { agentNamed, type RunContext } from './context.js';
import { runStartOnly, stopped, StepAbandoned } from './step.js';
import { isRunStop, RunStop } from './stop.js';
import { runTurn } from './turn.js';

/** What a map records (docs/machine.md): its agent's outputs in item order, dropped items left out. */
export type MapOutput = unknown[];

/** Where a dropped item's output would be. */
const DROPPED = Symbol('dropped');

/**
 * A map node: its agent once per item of a list produced earlier, at most
 * `concurrency` at a time, each item a turn of its own (scope `node[i]`). The
 * results come back in item order; with `onItemFailure: drop` a failed item is
 * left out (its `turn.failed` event says why), with `fail` the first failure stops
 * the map. Items settle in item order, so receivers read their messages in item order.
 */
export async function runMap(ctx: RunContext, node: MapNode, stepId: string, signal: AbortSignal): Promise<MapOutput> {
  const agent = agentNamed(ctx, node.agent);
  // The map's own step only starts: it fixes the items and the inbox they share; each item is a turn.
  const { items, inbox } = await runStartOnly(ctx, stepId, signal, async () => {
    ctx.emit({ type: 'state.entered', state: node.id });
    const list = resolveRef(ctx.outputs(), node.over);
    if (!Array.isArray(list)) {
      throw new RunStop(
        'failed',
        `map ${node.id}: ${[node.over.node, ...node.over.path].join('.')} should be a list, but it is ${list === undefined ? 'missing' : JSON.stringify(list)}`,
      );
    }
    const items = list.slice(0, node.max);
    const query = [agent.role ?? '', ...items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))].join('\n');
    const collected = await ctx.router.collect(agent.name, query, node.id);
    return { inputs: { items, of: list.length }, value: { items, inbox: collected } };
  });

  const failFast = new AbortController();
  const itemSignal = AbortSignal.any([signal, failFast.signal]);
  // Each item in flight gets a signal of its own, stopped by one listener here: listeners of
  // every item on one shared signal made each new one slower (EventTarget checks for duplicates).
  const inFlight = new Set<AbortController>();
  const stopItems = () => {
    for (const item of inFlight) item.abort(itemSignal.reason);
  };
  itemSignal.addEventListener('abort', stopItems, { once: true });
  const results: unknown[] = new Array(items.length);
  // Items are taken in item order, and each settles after the one taken before it: `lastTaken`
  // resolves once every item taken so far has settled. Only the items in flight hold one.
  let lastTaken: Promise<void> = Promise.resolve();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const before = lastTaken;
      const settled = deferred();
      lastTaken = settled.promise;
      const own = new AbortController();
      if (itemSignal.aborted) own.abort(itemSignal.reason);
      inFlight.add(own);
      try {
        const output = await runTurn(ctx, {
          stepId: `${stepId}/${index}`,
          node,
          agentName: agent.name,
          scope: `${node.id}[${index}]`,
          item: { index, value: items[index] },
          inbox,
          announceState: false,
          signal: own.signal,
          ...(index > 0 ? { settleAfter: before } : {}),
        });
        results[index] = output;
      } catch (error) {
        if (isRunStop(error) || error instanceof StepAbandoned || node.onItemFailure === 'fail') {
          failFast.abort();
          throw error;
        }
        results[index] = DROPPED;
      } finally {
        inFlight.delete(own);
        void before.then(settled.resolve);
      }
    }
  };
  const workers = Array.from({ length: Math.min(node.concurrency, items.length) }, worker);
  const outcomes = await Promise.allSettled(workers);
  itemSignal.removeEventListener('abort', stopItems);
  const failure = outcomes.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof StepAbandoned && !signal.aborted));
  if (failure) throw failure.reason;
  if (signal.aborted) throw stopped(ctx);
  return results.filter((result) => result !== DROPPED);
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
