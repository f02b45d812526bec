import type { Agent, Expr, FlowNode, OutputField, WorkflowIR } from '../../src/ir/schema.js';
import { evaluateGuard, type Outputs } from '../guards/evaluate.js';
import { APPROXIMATE } from '../tokens/tokenizer.js';
import { readTokens, type AgentRunner } from './agent.js';
import { messageText } from './output-schema.js';
import { pick, randomInt, seededRandom, seedFor, type Random } from './prng.js';

const WORDS = (
  'the a budget token agent plan review draft fact source claim answer question summary result ' +
  'evidence check list item step note reason cost signal memory channel message brief report ' +
  'first next then because so and or with from into under over more less each every all some'
).split(' ');

/** Candidate outputs tried per turn to steer the flow down the branch the simulator picked. */
const ATTEMPTS = 48;

export interface SimulationContext {
  ir: WorkflowIR;
  seed: number;
  /** The flow node the agent runs at: its transitions are the branches to choose among. */
  node: FlowNode;
  /** Outputs recorded so far, to evaluate guards as the run actor will. */
  outputs: () => Outputs;
}

/**
 * An agent for `--simulate`: no provider, no function, a seeded PRNG. It writes
 * messages of plausible size within its budget and produces outputs of the declared
 * types, chosen so that a randomly picked outgoing transition's guard holds, so
 * runs explore the flow's branches. The same seed gives the same run.
 */
export function createSimulatedAgent(agent: Agent, sim: SimulationContext): AgentRunner {
  return async (request) => {
    const random = seededRandom(seedFor(sim.seed, `${sim.node.id}/${agent.name}/${request.turn}/${request.item?.index ?? ''}`));
    const sizeCap = Math.max(1, Math.min(request.maxOutputTokens, request.outgoingBudget ?? 300, 300));
    const output = chooseOutput(agent, sim, random, sizeCap);
    const text = messageText(output);
    const input = readTokens(request);
    return { output, text, usage: { input, output: Math.min(APPROXIMATE.count(text), request.maxOutputTokens) }, attempts: 1, simulated: true };
  };
}

function chooseOutput(agent: Agent, sim: SimulationContext, random: Random, sizeCap: number): Record<string, unknown> {
  // A map's transitions read the map's collected results, not one item's output: nothing to steer per item.
  const transitions = sim.node.kind === 'map' ? [] : sim.node.next;
  const wanted = transitions.length > 0 ? randomInt(random, 0, transitions.length - 1) : -1;
  const hints = literalsFor(sim.node.id, sim.ir.flow.guards);
  let fallback: Record<string, unknown> | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const candidate = randomOutput(agent.output, random, hints, sizeCap);
    const taken = firstPassing(transitions, sim, candidate);
    if (taken === wanted || wanted === -1) return candidate;
    if (taken !== -1 && fallback === undefined) fallback = candidate;
  }
  return fallback ?? randomOutput(agent.output, random, hints, sizeCap);
}

function firstPassing(transitions: FlowNode['next'], sim: SimulationContext, output: Record<string, unknown>): number {
  const outputs = { ...sim.outputs(), [sim.node.id]: output };
  return transitions.findIndex((t) => t.guard === undefined || evaluateGuard(sim.ir.flow.guards[t.guard]!, outputs));
}

function randomOutput(fields: OutputField[] | undefined, random: Random, hints: Map<string, unknown[]>, sizeCap: number): Record<string, unknown> {
  if (!fields) return { text: sentence(random, randomInt(random, Math.ceil(sizeCap * 0.1), Math.ceil(sizeCap * 0.6))) };
  const share = Math.max(1, Math.floor(sizeCap / (2 * fields.length)));
  return Object.fromEntries(fields.map((field) => [field.name, randomValue(field, random, hints.get(field.name) ?? [], share)]));
}

function randomValue(field: OutputField, random: Random, hints: unknown[], share: number): unknown {
  if (field.values) return pick(random, field.values);
  const hinted = hints.filter((hint) => matchesType(field, hint));
  if (hinted.length > 0 && random() < 0.7) return pick(random, hinted);
  const words = () => sentence(random, randomInt(random, 1, Math.max(1, Math.min(share, 12))));
  switch (field.type) {
    case 'string':
      return sentence(random, randomInt(random, 1, share));
    case 'number':
      return randomInt(random, 0, 10);
    case 'boolean':
      return random() < 0.5;
    case 'string[]':
      return Array.from({ length: randomInt(random, 0, 4) }, words);
    case 'number[]':
      return Array.from({ length: randomInt(random, 0, 4) }, () => randomInt(random, 0, 10));
    case 'boolean[]':
      return Array.from({ length: randomInt(random, 0, 4) }, () => random() < 0.5);
  }
}

function matchesType(field: OutputField, value: unknown): boolean {
  if (field.type.endsWith('[]')) return Array.isArray(value);
  return typeof value === field.type;
}

/**
 * Values near the literals that guards compare this node's fields with (the literal,
 * one either side; lists of that length), so a random draw can satisfy each branch.
 */
function literalsFor(node: string, guards: Record<string, Expr>): Map<string, unknown[]> {
  const hints = new Map<string, unknown[]>();
  const add = (field: string, value: unknown) => hints.set(field, [...(hints.get(field) ?? []), value]);
  const visit = (expr: Expr): void => {
    if (expr.kind === 'not') return visit(expr.arg);
    if (expr.kind === 'and' || expr.kind === 'or') return expr.args.forEach(visit);
    if (expr.kind === 'truthy') {
      if (expr.ref.node === node && expr.ref.path[0]) [true, false, 0, 1, ''].forEach((v) => add(expr.ref.path[0]!, v));
      return;
    }
    const [field, rest] = [expr.left.path[0], expr.left.path[1]];
    if (expr.left.node !== node || field === undefined) return;
    const right = expr.right;
    // Another value of the run, or a part to look for: nothing one field's value could be steered to.
    if (typeof right === 'object' || expr.op === 'contains') return;
    if (rest === 'length' && typeof right === 'number') {
      for (const n of [right - 1, right, right + 1]) if (n >= 0) add(field, Array.from({ length: n }, (_, i) => `item ${i + 1}`));
    } else if (typeof right === 'number') {
      [right - 1, right, right + 1].forEach((v) => add(field, v));
    } else {
      add(field, right);
    }
  };
  Object.values(guards).forEach(visit);
  return hints;
}

function sentence(random: Random, words: number): string {
  const out = Array.from({ length: Math.max(1, words) }, () => pick(random, WORDS));
  return `${out.join(' ')}.`;
}
