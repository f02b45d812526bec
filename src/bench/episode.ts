import { z } from 'zod';

/**
 * A training episode, written as one JSON line by coordbench's generators and
 * read by the coordinator's training code (training/data.py mirrors this schema).
 * It records every message in order, how the runtime segments it, and, for each
 * receiver's turn, which of the segments seen so far that receiver really needs.
 */
export const Segment = z.object({ id: z.string(), text: z.string() });

export const EpisodeMessage = z.object({
  /** Position of the message in the episode, from 0. */
  step: z.number().int().nonnegative(),
  from: z.string(),
  to: z.string(),
  channel: z.string(),
  text: z.string(),
  segments: z.array(Segment).min(1),
});

export const ReceiverQuery = z.object({
  /** The query is asked after the message with this step has been written to memory. */
  afterStep: z.number().int().nonnegative(),
  receiver: z.string(),
  /** What the receiver is trying to do at this turn, in words (its role and task). */
  query: z.string(),
  /** Ids of segments (from any earlier message) the receiver needs to succeed. */
  needs: z.array(z.string()),
});

export const Episode = z.object({
  family: z.enum(['multihop', 'relay', 'consensus']),
  split: z.enum(['train', 'validation', 'test']),
  seed: z.number().int().nonnegative(),
  id: z.string(),
  messages: z.array(EpisodeMessage),
  queries: z.array(ReceiverQuery),
});
export type Episode = z.infer<typeof Episode>;
export type EpisodeMessage = z.infer<typeof EpisodeMessage>;
export type ReceiverQuery = z.infer<typeof ReceiverQuery>;
