import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { assign, createMachine, fromPromise, setup, type AnyEventObject } from 'xstate';
import { compileMachine, MachineCompileError, type MachineConfig } from '../../src/compile/machine.js';
import { DONE, type WorkflowIR } from '../../src/ir/schema.js';
import { expr, ref, to, workflow } from '../support/ir-builder.js';
import { quickPoll, researchBrief } from '../support/ir-samples.js';

/**
 * The compiled machine is checked against the IR by enumeration: with stub guards that let
 * the test choose which transition an agent's answer satisfies, every run of the machine
 * (via @xstate/graph) must be a run the IR declares, and every declared run must exist.
 * A run is written as its trail: the transitions it takes (`t:<from>#<i>`), then how it
 * ended (`done`, or `none:<node>` when no transition could be taken).
 */

type Trail = string[];
interface StubContext {
  counts: Record<string, number>;
  trail: Trail;
  /** The last choice recorded, read by guards whose event carries no output (a join-all region). */
  chosen?: string;
}
interface FlowGuardParams {
  transition: string;
  guard?: string;
  max?: number;
  node?: string;
}

/** Events the traversal feeds: for each invoke, one completion per transition it may choose, plus "none". */
function eventsFor(ir: WorkflowIR) {
  const choices = new Map<string, string[]>();
  for (const node of ir.flow.nodes) {
    // A human step with a timeout may also finish by timing out.
    const timeout = node.kind === 'human' && node.timeoutMs !== undefined ? ['timeout'] : [];
    const takes = [...node.next.map((_, index) => `${node.id}#${index}`), 'none', ...timeout];
    if (node.kind !== 'parallel') choices.set(node.id, takes);
    else {
      // Join first: the last step of each branch carries the choice. Join all: the region's
      // completion event carries no output, so the first branch's last step chooses for it.
      node.branches.forEach((branch, branchIndex) => {
        branch.steps.forEach((step, index) => {
          const last = index === branch.steps.length - 1 && (node.join === 'first' || branchIndex === 0);
          choices.set(`${node.id}/${branch.id}/${step}`, last ? takes : []);
        });
      });
    }
  }
  return (type: string): AnyEventObject[] => {
    const done = 'xstate.done.actor.';
    // Errors all go to `failed` (checked on the config); a region's completion is raised by XState itself.
    if (type.startsWith('xstate.error.actor.') || type.startsWith('xstate.done.state.')) return [];
    if (!type.startsWith(done)) return [{ type }];
    const takes = choices.get(type.slice(done.length)) ?? [];
    return takes.length === 0 ? [{ type, output: {} }] : takes.map((take) => ({ type, output: take === 'timeout' ? { timedOut: true } : { take } }));
  };
}

function stubMachine(config: MachineConfig) {
  return setup({
    types: {} as { context: StubContext; events: AnyEventObject },
    actors: {
      agentTurn: fromPromise(async () => ({})),
      mapItems: fromPromise(async () => ({})),
      humanInput: fromPromise(async () => ({})),
    },
    guards: {
      flowGuard: ({ context, event }, params: FlowGuardParams) => {
        if (params.max !== undefined && (context.counts[params.transition] ?? 0) >= params.max) return false;
        const take = (event as { output?: { take?: string } }).output?.take ?? context.chosen;
        return params.guard === undefined || take === params.transition;
      },
      humanTimedOut: ({ event }) => (event as { output?: { timedOut?: boolean } }).output?.timedOut === true,
    },
    actions: {
      recordOutput: assign(({ context, event }, params: { node: string }) => ({
        trail: [...context.trail, `rec:${params.node}`],
        chosen: (event as { output?: { take?: string } }).output?.take ?? context.chosen,
      })),
      countTransition: assign(({ context }, params: { transition: string }) => ({
        counts: { ...context.counts, [params.transition]: (context.counts[params.transition] ?? 0) + 1 },
        trail: [...context.trail, `t:${params.transition}`],
      })),
      noTransition: assign(({ context }, params: { node: string }) => ({ trail: [...context.trail, `none:${params.node}`] })),
    },
  }).createMachine({ ...(config as object), context: { counts: {}, trail: [], chosen: undefined } } as never);
}

/**
 * Every way the machine can finish, as trails, with the `rec:` entries kept apart for branch
 * checks: of one path to each end by default, of every path with `everyPath` (small machines only).
 */
function machineRuns(ir: WorkflowIR, { everyPath = false } = {}): { trails: Set<string>; records: Trail[] } {
  const machine = stubMachine(compileMachine(ir));
  const events = eventsFor(ir);
  const enumerate = everyPath ? getSimplePaths : getShortestPaths;
  // A state is its configuration, the transitions taken so far and the pending choice; the
  // order in which parallel steps finished does not matter, so interleavings collapse and one
  // shortest path per state suffices to reach every final state.
  const paths = enumerate(machine, {
    events: (snapshot) =>
      [...new Set(snapshot._nodes.flatMap((node) => [...node.ownEvents]))].flatMap((type) => events(type)),
    serializeState: (snapshot) => {
      const context = snapshot.context as StubContext;
      const trail = everyPath ? context.trail : context.trail.filter((entry) => !entry.startsWith('rec:'));
      return JSON.stringify([snapshot.value, trail, context.chosen]);
    },
  });
  const trails = new Set<string>();
  const records: Trail[] = [];
  for (const path of paths) {
    if (path.state.status !== 'done') continue;
    const trail = (path.state.context as StubContext).trail;
    const ending = path.state.value === DONE ? ['done'] : [];
    trails.add([...trail.filter((entry) => !entry.startsWith('rec:')), ...ending].join(' '));
    records.push(trail.filter((entry) => entry.startsWith('rec:')));
  }
  return { trails, records };
}

/** The runs the IR declares: first passing transition wins, guards free, counts within `max`. */
function declaredRuns(ir: WorkflowIR): Set<string> {
  const nodes = new Map(ir.flow.nodes.map((node) => [node.id, node]));
  const runs = new Set<string>();
  const visit = (id: string, counts: Map<string, number>, trail: Trail): void => {
    const node = nodes.get(id)!;
    let earlierCanFail = true;
    node.next.forEach((transition, index) => {
      const key = `${id}#${index}`;
      const exhausted = transition.max !== undefined && (counts.get(key) ?? 0) >= transition.max;
      if (earlierCanFail && !exhausted) {
        const next = new Map(counts).set(key, (counts.get(key) ?? 0) + 1);
        const taken = [...trail, `t:${key}`];
        if (transition.to === DONE) runs.add([...taken, 'done'].join(' '));
        else visit(transition.to, next, taken);
      }
      const canFail = transition.guard !== undefined || exhausted;
      earlierCanFail &&= canFail;
    });
    if (earlierCanFail) runs.add([...trail, `none:${id}`].join(' '));
    if (node.kind === 'human' && node.timeoutMs !== undefined) {
      const target = node.onTimeout ?? DONE;
      const taken = [...trail, `t:${id}#timeout`];
      if (target === DONE) runs.add([...taken, 'done'].join(' '));
      else visit(target, counts, taken);
    }
  };
  visit(ir.flow.start, new Map(), []);
  return runs;
}

function expectSameRuns(ir: WorkflowIR): Set<string> {
  const declared = declaredRuns(ir);
  expect(machineRuns(ir).trails).toEqual(declared);
  return declared;
}

const when = (node: string) => expr.truthy(ref(node, 'text'));

describe('the compiled machine', () => {
  const research = workflow('research')
    .agent('planner', { perTurn: 100, output: { questions: 'string[]' } })
    .agent('writer', { perTurn: 100 })
    .step('planner', to('planner', { when: expr.gt(ref('planner', 'questions', 'length'), 0), max: 2 }), to('writer'))
    .step('writer', to('done'))
    .build();

  it('is JSON data that survives a round trip unchanged', () => {
    const config = compileMachine(research);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  });

  it('is accepted by createMachine, with the contract names', () => {
    const machine = createMachine(compileMachine(research) as never);
    expect(machine.id).toBe('research');
    expect(Object.keys(machine.states)).toEqual(['planner', 'writer', 'done', 'failed']);
    const config = compileMachine(research);
    expect(config.states.planner).toMatchObject({
      tags: ['agent'],
      invoke: {
        src: 'agentTurn',
        input: { node: 'planner', agent: 'planner' },
        onError: { target: 'failed' },
        onDone: [
          {
            target: 'planner',
            reenter: true,
            guard: { type: 'flowGuard', params: { transition: 'planner#0', guard: 'planner#0', max: 2, node: 'planner' } },
            actions: [
              { type: 'recordOutput', params: { node: 'planner' } },
              { type: 'countTransition', params: { transition: 'planner#0' } },
            ],
          },
          { target: 'writer', guard: { type: 'flowGuard', params: { transition: 'planner#1', node: 'planner' } } },
          { target: 'failed', actions: [{ type: 'noTransition', params: { node: 'planner' } }] },
        ],
      },
    });
    expect(config.states.done).toEqual({ type: 'final', tags: ['done'] });
    expect(config.states.failed).toEqual({ type: 'final', tags: ['failed'] });
  });

  it('runs a bounded loop exactly as the IR declares, up to its max', () => {
    const runs = expectSameRuns(research);
    expect(runs).toContain('t:planner#0 t:planner#0 t:planner#1 t:writer#0 done');
    expect(runs).not.toContain('t:planner#0 t:planner#0 t:planner#0 t:planner#1 t:writer#0 done');
  });

  it('takes the first passing guard, with the fallback last and a failure when none passes', () => {
    const ir = workflow()
      .agent('a', { perTurn: 1 })
      .agent('b', { perTurn: 1 })
      .agent('c', { perTurn: 1 })
      .step('a', to('b', { when: when('a') }), to('c', { when: when('a') }))
      .step('b', to('done'))
      .step('c', to('a', { max: 1 }), to('done'))
      .build();
    const runs = expectSameRuns(ir);
    expect(runs).toContain('none:a');
    expect(runs).toContain('t:a#1 t:c#0 t:a#1 t:c#1 done');
  });

  it('runs every branch of a join-all region in order before the join', () => {
    const ir = workflow()
      .agent('a', { perTurn: 1 })
      .agent('b', { perTurn: 1 })
      .agent('c', { perTurn: 1 })
      .agent('d', { perTurn: 1 })
      .step('a', to('review'))
      .parallel('review', 'all', { left: ['b', 'c'], right: ['d'] }, to('a', { when: when('b'), max: 1 }), to('done'))
      .build();
    expectSameRuns(ir);
    const { records } = machineRuns(ir, { everyPath: true });
    for (const record of records.filter((trail) => trail.includes('rec:d'))) {
      expect(record.filter((entry) => entry !== 'rec:a' && entry !== 'rec:d')).toEqual(
        Array.from({ length: record.filter((entry) => entry === 'rec:b').length }, () => ['rec:b', 'rec:c']).flat(),
      );
    }
    const config = compileMachine(ir);
    expect(config.states.review).toMatchObject({
      type: 'parallel',
      states: {
        left: { initial: 'b', states: { b: { invoke: { input: { node: 'b', agent: 'b', scope: 'review/left' }, onDone: { target: 'c' } } }, $end: { type: 'final' } } },
        right: { initial: 'd' },
      },
      onDone: [{ target: 'a' }, { target: 'done' }, { target: 'failed' }],
    });
  });

  it('leaves a join-first region when the first branch finishes', () => {
    const ir = workflow()
      .agent('a', { perTurn: 1 })
      .agent('b', { perTurn: 1 })
      .agent('c', { perTurn: 1 })
      .parallel('race', 'first', { left: ['a', 'b'], right: ['c'] }, to('done', { when: when('a') }), to('done'))
      .build();
    expectSameRuns(ir);
    const { records } = machineRuns(ir, { everyPath: true });
    expect(records.some((trail) => trail.join() === 'rec:c')).toBe(true);
    expect(records.some((trail) => trail.join() === 'rec:a,rec:b')).toBe(true);
    const left = compileMachine(ir).states.race!.states!.left!;
    expect(left.states!.b!.invoke!.onDone).toMatchObject([{ target: '#w.done' }, { target: '#w.done' }, { target: '#w.failed' }]);
  });

  it('waits for a person, and takes the timeout when it fires', () => {
    const ir = workflow()
      .agent('a', { perTurn: 1 })
      .step('a', to('ok'))
      .human('ok', 'approval', { timeoutMs: 60_000, onTimeout: 'a' }, to('done', { when: expr.truthy(ref('ok', 'approved')) }), to('a', { max: 1 }))
      .build();
    // A timeout back to `a` loops with no bound (COORD103), which no enumeration ends: enumerate with it going to done.
    const bounded = structuredClone(ir);
    (bounded.flow.nodes[1] as { onTimeout?: string }).onTimeout = undefined;
    const runs = expectSameRuns(bounded);
    expect(runs).toContain('t:a#0 t:ok#timeout done');
    const ok = compileMachine(ir).states.ok!;
    expect(ok).toMatchObject({
      tags: ['human'],
      invoke: {
        src: 'humanInput',
        input: { node: 'ok', ask: 'approval', prompt: 'ok?' },
        // The timeout is the step's first possible result, taken before any answer's transition.
        onDone: [
          { target: 'a', guard: { type: 'humanTimedOut', params: { node: 'ok' } }, actions: [{ type: 'countTransition', params: { transition: 'ok#timeout' } }] },
          { target: 'done', guard: { type: 'flowGuard', params: { transition: 'ok#0', guard: 'ok#0', node: 'ok' } } },
          { target: 'a', guard: { type: 'flowGuard', params: { transition: 'ok#1', max: 1, node: 'ok' } } },
          { target: 'failed' },
        ],
      },
    });
    // No timer in the machine: the runtime's deadline is journaled, and survives a process.
    expect(ok).not.toHaveProperty('after');
    expect((ok.invoke!.onDone as unknown[])[0]).not.toHaveProperty('reenter');
  });

  it('invokes mapItems with the whole map node', () => {
    const ir = workflow()
      .agent('split', { perTurn: 1, output: { parts: 'string[]' } })
      .agent('sum', { perTurn: 1 })
      .step('split', to('m'))
      .map('m', 'sum', ref('split', 'parts'), { max: 50, concurrency: 4, onItemFailure: 'drop' }, to('done'))
      .build();
    expectSameRuns(ir);
    expect(compileMachine(ir).states.m).toMatchObject({
      tags: ['map'],
      invoke: {
        src: 'mapItems',
        input: { node: 'm', agent: 'sum', over: { node: 'split', path: ['parts'] }, max: 50, concurrency: 4, onItemFailure: 'drop' },
      },
    });
  });

  it('sends every invoke error to failed, from inside parallel regions too', () => {
    const ir = workflow()
      .agent('a', { perTurn: 1 })
      .agent('b', { perTurn: 1 })
      .step('a', to('p'))
      .parallel('p', 'all', { x: ['a'], y: ['b'] }, to('done'))
      .build();
    const invokes: Array<{ id: string; onError: unknown }> = [];
    const walk = (states: Record<string, import('../../src/compile/machine.js').StateConfig>): void => {
      for (const state of Object.values(states)) {
        if (state.invoke) invokes.push({ id: state.invoke.id, onError: state.invoke.onError });
        if (state.states) walk(state.states);
      }
    };
    walk(compileMachine(ir).states);
    expect(invokes).toEqual([
      { id: 'a', onError: { target: 'failed' } },
      { id: 'p/x/a', onError: { target: '#w.failed' } },
      { id: 'p/y/b', onError: { target: '#w.failed' } },
    ]);
  });

  it('runs the sample workflows with every kind of node exactly as declared', () => {
    expect(expectSameRuns(quickPoll())).toEqual(new Set(['t:asker#0 t:race#0 t:pick#0 done', 't:asker#0 t:race#0 t:pick#1 done']));
    expect(expectSameRuns(researchBrief()).size).toBeGreaterThan(10);
  });

  it('refuses a node named like a final state, and a branch that repeats a step', () => {
    const named = workflow().agent('failed', { perTurn: 1 }).step('failed', to('done')).build();
    expect(() => compileMachine(named)).toThrow(MachineCompileError);
    const repeated = workflow().agent('a', { perTurn: 1 }).agent('b', { perTurn: 1 }).parallel('p', 'all', { x: ['a', 'b', 'a'], y: ['b'] }, to('done')).build();
    expect(() => compileMachine(repeated)).toThrow(/runs the same agent twice/);
  });
});

describe('loop limits in the machine', () => {
  it('gives every transition into a loop\'s nodes the loop\'s id and max, in its guard and in the count it adds to', () => {
    const ir = workflow()
      .agent('sup', { output: { next: 'string' } })
      .agent('a')
      .agent('b')
      .step('sup', to('a', { when: expr.truthy(ref('sup', 'next')) }), to('b', { when: expr.truthy(ref('sup', 'next')) }), to('done'))
      .step('a', to('sup'))
      .step('b', to('b', { when: expr.truthy(ref('b', 'text')) }), to('sup'))
      .build();
    ir.flow.loops = [{ id: 'loop#1', nodes: ['a', 'b'], max: 5 }];
    const states = compileMachine(ir).states;
    const exitsOf = (node: string) => states[node]!.invoke!.onDone as Array<{ target: string; guard?: { params: Record<string, unknown> }; actions?: unknown[] }>;
    const loopOf = (node: string) => exitsOf(node).map((exit) => exit.guard?.params.loop);
    expect(loopOf('sup')).toEqual([{ id: 'loop#1', max: 5 }, { id: 'loop#1', max: 5 }, undefined, undefined]);
    expect(loopOf('a')).toEqual([undefined, undefined]);
    expect(loopOf('b')).toEqual([{ id: 'loop#1', max: 5 }, undefined, undefined]);
    expect(exitsOf('sup')[0]!.actions).toContainEqual({ type: 'countTransition', params: { transition: 'sup#0', loop: 'loop#1' } });
    expect(exitsOf('sup')[2]!.actions).toContainEqual({ type: 'countTransition', params: { transition: 'sup#2' } });
  });
});
