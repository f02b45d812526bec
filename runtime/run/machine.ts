import { assign, fromPromise, setup, type AnyStateMachine } from 'xstate';
import type { AgentTurnInput, FlowGuardParams, HumanInputInput, MachineConfig, MapItemsInput } from '../../src/ir/machine.js';
import type { MapNode, HumanNode } from '../../src/ir/schema.js';
import { evaluateGuard, type Outputs } from '../guards/evaluate.js';
import { nextStepId, nodeNamed, recordingFailure, type RunContext } from './context.js';
import { runHuman } from './human.js';
import { runMap, type MapOutput } from './map.js';
import { RunStop } from './stop.js';
import { runTurn } from './turn.js';

/** The machine's context, as docs/machine.md defines it. */
export interface MachineContext {
  outputs: Outputs;
  counts: Record<string, number>;
}

/** The node a transition id ("from#i") leaves from. */
function fromOf(transition: string): string {
  return transition.slice(0, transition.lastIndexOf('#'));
}

function outputOf(event: unknown): unknown {
  return (event as { output?: unknown }).output;
}

/**
 * The run's state machine: the compiler's config (docs/machine.md) with the runtime's
 * guards, actions and actors supplied by name. The names and their parameters are the
 * contract in src/ir/machine.ts, which XState's `setup` checks against these
 * implementations. Each actor signal is tied to the run's so that ending the run stops
 * every step in flight.
 */
export function machineFor(ctx: RunContext, config: MachineConfig): AnyStateMachine {
  const stepSignal = (signal: AbortSignal) => AbortSignal.any([signal, ctx.signal]);
  return setup({
    types: {} as { context: MachineContext },
    guards: {
      flowGuard: ({ context, event }, params: FlowGuardParams) => {
        if (params.max !== undefined && (context.counts[params.transition] ?? 0) >= params.max) return false;
        if (params.loop !== undefined && (context.counts[params.loop.id] ?? 0) >= params.loop.max) return false;
        if (params.guard === undefined) return true;
        const expr = ctx.ir.flow.guards[params.guard];
        if (!expr) throw new RunStop('failed', `transition ${params.transition} names guard '${params.guard}', which the workflow does not define`);
        const output = outputOf(event);
        const outputs = output === undefined ? context.outputs : { ...context.outputs, [params.node ?? fromOf(params.transition)]: output };
        return evaluateGuard(expr, outputs);
      },
      humanTimedOut: ({ event }) => (outputOf(event) as { timedOut?: unknown } | undefined)?.timedOut === true,
    },
    actions: {
      recordOutput: assign(({ context, event }, params: { node: string }) => {
        const output = outputOf(event);
        return output === undefined ? {} : { outputs: { ...context.outputs, [params.node]: output } };
      }),
      countTransition: assign(({ context }, params: { transition: string; loop?: string }) => {
        const counts = { ...context.counts, [params.transition]: (context.counts[params.transition] ?? 0) + 1 };
        if (params.loop !== undefined) counts[params.loop] = (counts[params.loop] ?? 0) + 1;
        return { counts };
      }),
      noTransition: ({ event }, params: { node: string }) => {
        const output = outputOf(event);
        ctx.stop(
          new RunStop(
            'failed',
            `no transition from ${params.node} applies to its output ${output === undefined ? '' : JSON.stringify(output)} ` +
              '(every guard is false or its loop bound is reached); add an unguarded transition',
          ),
        );
      },
    },
    actors: {
      agentTurn: fromPromise<Record<string, unknown>, AgentTurnInput>(({ input, signal }) => {
        const node = nodeNamed(ctx, input.node);
        const stepId = nextStepId(ctx, input.node, input.scope);
        const s = stepSignal(signal);
        return recordingFailure(ctx, s, () =>
          runTurn(ctx, { stepId, node, agentName: input.agent, scope: input.scope, announceState: true, signal: s }),
        );
      }),
      mapItems: fromPromise<MapOutput, MapItemsInput>(({ input, signal }) => {
        const node = nodeNamed(ctx, input.node);
        if (node.kind !== 'map') throw new RunStop('failed', `machine state ${input.node} runs mapItems but the flow node is a ${node.kind}`);
        const stepId = nextStepId(ctx, input.node);
        const s = stepSignal(signal);
        return recordingFailure(ctx, s, () => runMap(ctx, node as MapNode, stepId, s));
      }),
      humanInput: fromPromise<Record<string, unknown>, HumanInputInput>(({ input, signal }) => {
        const node = nodeNamed(ctx, input.node);
        if (node.kind !== 'human') throw new RunStop('failed', `machine state ${input.node} runs humanInput but the flow node is a ${node.kind}`);
        const stepId = nextStepId(ctx, input.node);
        const s = stepSignal(signal);
        return recordingFailure(ctx, s, () => runHuman(ctx, node as HumanNode, stepId, s));
      }),
    },
  }).createMachine(config);
}

