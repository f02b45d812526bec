import { z } from 'zod';
import type { Channel, WorkflowIR } from '../ir/schema.js';
import { DEFAULT_SQUEEZE_LEVEL } from './knobs.js';
import type { Knobs } from './knobs.js';

/**
 * The channel policies coordbench compares. Each is a transformation of the
 * workflow's IR (every channel gets the policy's mode, budgets, readout and
 * compression, and the message rate's split), so the same .coord file runs under all of them.
 */
export const PolicyName = z.enum(['text', 'truncate', 'latent', 'hybrid', 'bm25', 'embedding', 'recency', 'random', 'oracle', 'silent']);
export type PolicyName = z.infer<typeof PolicyName>;

export interface PolicyInfo {
  label: string;
  /** What the budget of a sweep point means for this policy; undefined when it takes none. */
  budget?: 'per-message tokens' | 'readout tokens';
  /** Which coordinator the run needs. */
  coordinator: 'none' | 'learned' | 'ranker';
}

export const POLICIES: Record<PolicyName, PolicyInfo> = {
  text: { label: 'full text', coordinator: 'none' },
  truncate: { label: 'text, truncated per message', budget: 'per-message tokens', coordinator: 'none' },
  latent: { label: 'latent only (learned coordinator)', budget: 'readout tokens', coordinator: 'learned' },
  hybrid: { label: 'hybrid (learned gate + readout)', budget: 'readout tokens', coordinator: 'learned' },
  bm25: { label: 'BM25 readout (MiniSearch)', budget: 'readout tokens', coordinator: 'ranker' },
  embedding: { label: 'word-vector readout (GloVe mean, cosine)', budget: 'readout tokens', coordinator: 'ranker' },
  recency: { label: 'latest first', budget: 'readout tokens', coordinator: 'ranker' },
  random: { label: 'random at equal tokens', budget: 'readout tokens', coordinator: 'ranker' },
  oracle: { label: 'oracle readout (ceiling)', budget: 'readout tokens', coordinator: 'ranker' },
  silent: { label: 'nothing delivered (floor)', coordinator: 'none' },
};

/** One point of a sweep: a policy at one budget (undefined for policies that take none). */
export interface PolicyPoint {
  policy: PolicyName;
  budget?: number;
}

function channelUnder(channel: Channel, point: PolicyPoint, knobs: Knobs): Channel {
  const split = knobs.messageRate === undefined ? undefined : { sentences: knobs.messageRate };
  const base = { ...channel, budget: {}, readout: undefined, split, compress: { method: 'none' as const }, overflow: 'truncate' as const };
  const squeeze = knobs.squeezeLevel === undefined ? base.compress : { method: 'squeeze' as const, level: knobs.squeezeLevel };
  switch (point.policy) {
    case 'text':
      return { ...base, mode: 'text', compress: squeeze };
    case 'truncate':
      return { ...base, mode: 'text', budget: { perMessage: requireBudget(point) }, compress: squeeze };
    case 'latent':
    case 'bm25':
    case 'embedding':
    case 'recency':
    case 'random':
    case 'oracle':
      return { ...base, mode: 'latent', readout: requireBudget(point) };
    case 'hybrid':
      return {
        ...base,
        mode: 'hybrid',
        readout: requireBudget(point),
        compress: { method: 'squeeze', level: knobs.squeezeLevel ?? DEFAULT_SQUEEZE_LEVEL },
      };
    case 'silent':
      // One token per message with overflow `drop`: every message is dropped, none is read.
      return { ...base, mode: 'text', budget: { perMessage: 1 }, overflow: 'drop' };
  }
}

function requireBudget(point: PolicyPoint): number {
  if (point.budget === undefined || point.budget <= 0) throw new Error(`policy ${point.policy} needs a positive budget`);
  return point.budget;
}

/** The workflow with every channel under the policy, and the learned coordinator declared where it is needed. */
export function applyPolicy(ir: WorkflowIR, point: PolicyPoint, knobs: Knobs): WorkflowIR {
  const channels = ir.channels.map((c) => channelUnder(c, point, knobs));
  const learned = POLICIES[point.policy].coordinator === 'learned';
  const coordinator = learned ? { model: knobs.coordinatorModel ?? ir.coordinator?.model ?? 'builtin', device: knobs.device ?? ir.coordinator?.device ?? 'auto' } : ir.coordinator;
  return { ...ir, channels, ...(coordinator ? { coordinator } : {}) };
}

/** Parses "text,latent" or "all" into policy names. */
export function parsePolicies(text: string): PolicyName[] {
  if (text === 'all') return [...PolicyName.options];
  return text.split(',').map((name) => {
    const parsed = PolicyName.safeParse(name.trim());
    if (!parsed.success) throw new Error(`unknown policy '${name}': use one of ${PolicyName.options.join(', ')} or all`);
    return parsed.data;
  });
}

/** The sweep: policies that take a budget run once per budget; the others once. */
export function sweepPoints(policies: readonly PolicyName[], budgets: readonly number[]): PolicyPoint[] {
  return policies.flatMap((policy) => (POLICIES[policy].budget ? budgets.map((budget) => ({ policy, budget })) : [{ policy }]));
}
