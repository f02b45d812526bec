import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { report } from '../report.js';
import { agentParts, flowParts, workflowParts } from '../settings.js';
import { didYouMean } from '../suggest.js';
import { positiveInteger } from './quantities.js';
import { DOCUMENTED_TIME_UNITS, TIME_UNITS } from '../units.js';

/** A workflow has exactly one flow. */
export function checkFlowPresent(workflow: ast.Workflow, accept: ValidationAcceptor): void {
  const { flows } = workflowParts(workflow);
  if (flows.length === 0) {
    report(accept, 'COORD024', `workflow '${workflow.name}' has no flow`, { node: workflow, property: 'name' }, 'add `flow { start <agent> ... }`');
  }
  for (const extra of flows.slice(1)) report(accept, 'COORD022', `'flow' is given twice`, { node: extra }, 'merge the two flows');
}

/** A flow names its start exactly once. */
export function checkStart(flow: ast.Flow, accept: ValidationAcceptor): void {
  const { starts } = flowParts(flow);
  if (starts.length === 0) report(accept, 'COORD024', `the flow has no start`, { node: flow, keyword: 'flow' }, 'add `start <agent>`');
  for (const extra of starts.slice(1)) report(accept, 'COORD022', `'start' is given twice`, { node: extra }, 'a flow has one start');
}

export function checkTransitionBound(transition: ast.Transition, accept: ValidationAcceptor): void {
  if (transition.max !== undefined) positiveInteger(accept, transition, 'max', 'a loop bound');
}

export function checkParallel(node: ast.ParallelNode, accept: ValidationAcceptor): void {
  if (node.branches.length < 2) {
    report(accept, 'COORD062', `parallel '${node.name}' has ${node.branches.length} branch${node.branches.length === 1 ? '' : 'es'}; it needs at least two`, { node, property: 'name' });
  }
}

/** A map's fan-out must be bounded; its numbers are positive whole numbers. */
export function checkMap(node: ast.MapNode, accept: ValidationAcceptor): void {
  if (node.max === undefined) {
    report(accept, 'COORD201', `map '${node.name}' has no maximum: it would run '${node.agent.$refText}' once per item, however many`, { node, property: 'name' }, `add 'max N' after 'over ${refText(node.over)}'`);
  } else {
    positiveInteger(accept, node, 'max', 'a map maximum');
  }
  if (node.concurrency !== undefined) positiveInteger(accept, node, 'concurrency', 'a concurrency');
}

/** Only `choice` steps take options, and they need at least two; timeouts have a time unit. */
export function checkHuman(node: ast.HumanNode, accept: ValidationAcceptor): void {
  if (node.ask === 'choice' && node.options.length < 2) {
    report(accept, 'COORD063', `choice '${node.name}' needs at least two options`, { node, property: 'name' }, 'add `options "a", "b"`');
  }
  if (node.ask !== 'choice' && node.options.length > 0) {
    report(accept, 'COORD063', `only a choice step takes options; '${node.name}' is ${node.ask}`, { node, property: 'options', index: 0 });
  }
  const timeout = node.timeout;
  if (!timeout) return;
  positiveInteger(accept, timeout, 'amount', 'a timeout');
  if (TIME_UNITS[timeout.unit] === undefined) {
    report(accept, 'COORD031', `unknown time unit '${timeout.unit}'; use ${DOCUMENTED_TIME_UNITS.join(', ')}`, { node: timeout, property: 'unit' }, didYouMean(timeout.unit, DOCUMENTED_TIME_UNITS));
  }
}

/** A guard that reads an agent's output names a field the agent declares (`text` when it declares none). */
export function checkValueRef(ref: ast.ValueRef, accept: ValidationAcceptor): void {
  const target = ref.node.ref;
  const field = ref.path[0];
  if (!ast.isAgent(target) || field === undefined) return;
  const { output, fn } = agentParts(target);
  if (fn && !output) return; // a function agent returns whatever its code returns
  const fields = output ? output.fields.map((f) => f.name) : ['text'];
  if (fields.includes(field)) return;
  report(
    accept,
    'COORD060',
    `agent '${target.name}' has no output field '${field}'; it declares ${fields.join(', ')}`,
    { node: ref, property: 'path', index: 0 },
    didYouMean(field, fields),
  );
}

function refText(ref: ast.ValueRef): string {
  return [ref.node.$refText, ...ref.path].join('.');
}
