/**
 * The ping-pong workload in plain XState v5: the floor under coord's machine. Each turn is a
 * promise actor the machine invokes, its output kept in context, as coord's compiled
 * machine does, with no journal, budgets or channels. (No fan-out here: XState has no
 * fan-out of its own, and one spawned actor per branch copies the parent's children at
 * every event, which measures that pattern rather than a floor.)
 */
import { assign, createActor, fromPromise, setup } from 'xstate';
import tick from './agents/tick.js';

interface Turn {
  more: boolean;
  message: string;
}

const turnActor = fromPromise<Turn, { name: string; turn: number; turns: number }>(async ({ input }) => tick({ input: { turns: input.turns }, turn: input.turn, agent: { name: input.name } }));

function pingPong(each: number) {
  return setup({
    types: {} as { context: { ping: number; pong: number; last?: Turn } },
    actors: { turn: turnActor },
    guards: { more: ({ context }) => context.last?.more === true },
  }).createMachine({
    context: { ping: 0, pong: 0 },
    initial: 'ping',
    states: {
      ping: {
        invoke: {
          src: 'turn',
          input: ({ context }) => ({ name: 'ping', turn: context.ping + 1, turns: each }),
          onDone: { target: 'pong', actions: assign(({ context, event }) => ({ ping: context.ping + 1, last: event.output })) },
        },
      },
      pong: {
        invoke: {
          src: 'turn',
          input: ({ context }) => ({ name: 'pong', turn: context.pong + 1, turns: each }),
          onDone: [
            { guard: 'more', target: 'ping', actions: assign(({ context, event }) => ({ pong: context.pong + 1, last: event.output })) },
            { target: 'done', actions: assign(({ context, event }) => ({ pong: context.pong + 1, last: event.output })) },
          ],
        },
      },
      done: { type: 'final' },
    },
  });
}

/** Runs `turns` turns; returns the wall time in ms. */
export async function runXStateTurns(turns: number): Promise<number> {
  const each = Math.max(1, Math.floor(turns / 2));
  const actor = createActor(pingPong(each));
  const started = performance.now();
  const done = new Promise<void>((resolve, reject) => actor.subscribe({ complete: resolve, error: reject }));
  actor.start();
  await done;
  const ms = performance.now() - started;
  if (actor.getSnapshot().context.pong !== each) throw new Error('XState ping-pong stopped early');
  return ms;
}
