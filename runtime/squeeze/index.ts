/**
 * Squeeze: shorter messages between agents without losing what the receiver
 * needs. Rule-based refinement by level, escalation to a token budget, optional
 * LLM rewriting with verification, and redundancy removal against what the
 * receiver already holds.
 */
export { squeeze, type SqueezeLevel, type SqueezeOptions, type SqueezeResult, type SqueezeEdit } from './squeeze.js';
export { squeezeToBudget, type BudgetOptions, type BudgetSqueezeResult } from './budget.js';
export { rewriteWithLlm, parseVia, type RewriteOptions, type RewriteResult, type RewriteFallbackReason } from './rewrite.js';
export {
  dropKnownSegments,
  type KnownSegment,
  type DroppedSegment,
  type RedundancyOptions,
  type RedundancyResult,
} from './redundancy.js';
export { hashedEmbedding, cosine, type Embed } from './embedding.js';
export { findProtectedSpans, type ProtectedSpan, type SpanKind } from './protect.js';
export { lostSpans, type LostSpan } from './verify.js';
