import { negationProfile } from './negation.js';
import { findProtectedSpans, type SpanKind } from './protect.js';
import { squeeze } from './squeeze.js';

export interface LostSpan {
  kind: SpanKind | 'negation';
  text: string;
}

/**
 * What a rewrite of `original` lost: protected spans that no longer appear
 * verbatim, and negations whose count fell. Courtesy formulas are set aside
 * first, so dropping "No problem!" is not a lost negation.
 */
export function lostSpans(original: string, rewrite: string, keep: readonly string[] = []): LostSpan[] {
  const lost: LostSpan[] = [];
  const seen = new Set<string>();
  for (const span of findProtectedSpans(original, keep)) {
    if (seen.has(span.text)) continue;
    seen.add(span.text);
    if (!rewrite.includes(span.text)) lost.push({ kind: span.kind, text: span.text });
  }
  const needed = negationProfile(squeeze(original, { level: 1, keep }).text);
  const present = negationProfile(rewrite);
  for (const [family, count] of needed) {
    if ((present.get(family) ?? 0) < count) lost.push({ kind: 'negation', text: family });
  }
  return lost;
}
