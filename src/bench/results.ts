import { z } from 'zod';
import { FamilyName, MessageStyle } from './family.js';
import { SummaryRow } from './metrics.js';
import { PolicyName } from './policies.js';
import { Split } from './splits.js';

/** results.json: everything report.md is rendered from. */
export const BenchResults = z.object({
  version: z.literal(1),
  command: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  machine: z.object({ cpu: z.string(), cores: z.number().int(), memoryGiB: z.number(), os: z.string(), node: z.string() }),
  settings: z.object({
    families: z.array(FamilyName),
    policies: z.array(PolicyName),
    budgets: z.array(z.number().int().positive()),
    split: Split,
    count: z.number().int().positive(),
    /** Index of the first task in the split; seeds are seedFor(split, start + i). */
    start: z.number().int().nonnegative(),
    squeezeLevel: z.number().int().optional(),
    /** `--style`: how the programmatic senders wrote; absent in results written before styles existed. */
    style: MessageStyle.optional(),
    /** `--message-rate`: sentences per message on every channel; absent, one message per turn. */
    messageRate: z.number().int().positive().optional(),
    coordinatorModel: z.string().optional(),
    /** `--readout-threshold`: the learned coordinator's readout threshold (logit); absent, the model manifest's. */
    readoutThreshold: z.number().optional(),
    /** `--readout-hops`: scoring rounds of every readout; absent, DEFAULT_READOUT_HOPS. */
    readoutHops: z.number().int().positive().optional(),
    /**
     * `--readout-per-query`: what each query may read at a hop before the last (null: no limit). Every
     * run records it; absent from files written before it had a default, which read with no limit.
     */
    readoutPerQuery: z.number().int().positive().nullable().optional(),
    /** `--readout-fill`: every readout but the oracle's filled its budget in score order. */
    readoutFill: z.boolean().optional(),
    /** The hybrid gate's threshold as asked (a logit, or "Infinity"/"-Infinity"), when not the manifest's. */
    gateThreshold: z.string().optional(),
  }),
  /** `--provider`: every agent was an LLM agent on this model; absent for programmatic agents. */
  llm: z
    .object({
      provider: z.string(),
      model: z.string(),
      /** The model's tokens over every run (provider-reported where reported) and their cost when the price is known. */
      usage: z.object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() }),
      /** List price in dollars per million tokens (runtime/providers/prices.ts); absent when coord knows none. */
      price: z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }).optional(),
      /** Dollars for the finished turns, at that price; absent without a price. */
      cost: z.number().nonnegative().optional(),
    })
    .optional(),
  /** The learned coordinator the latent and hybrid rows used: its manifest and the manifest's sha256 (which pins the graphs' hashes). */
  coordinator: z.object({ manifest: z.string(), sha256: z.string() }).optional(),
  rows: z.array(SummaryRow),
  /** Policies that could not run, with the reason (e.g. the coordinator could not be loaded). */
  unavailable: z.array(z.object({ policy: PolicyName, reason: z.string() })),
});
export type BenchResults = z.infer<typeof BenchResults>;
