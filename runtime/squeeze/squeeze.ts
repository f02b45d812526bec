import { parseDocument, renderDocument } from './document.js';
import type { Edits } from './edit.js';
import { mask, unmask } from './protect.js';
import { dropListBoilerplate } from './rules/boilerplate.js';
import { dropDuplicates } from './rules/duplicates.js';
import { dropHedges } from './rules/hedges.js';
import { dropPleasantries } from './rules/pleasantries.js';
import { dropRestatements } from './rules/restatements.js';
import { shortenPhrases } from './rules/shortening.js';
import { dropTransitions } from './rules/transitions.js';
import { collapseWhitespace } from './whitespace.js';

export type SqueezeLevel = 0 | 1 | 2 | 3;

export interface SqueezeOptions {
  /** 0 whitespace only; 1 + pleasantries, sign-offs, repeats and recaps; 2 + hedges, filler, restatements, transition sentences; 3 + list boilerplate, connectives, phrase shortening. */
  level: SqueezeLevel;
  /** Extra exact substrings to keep verbatim, on top of the built-in protected spans. */
  keep?: readonly string[];
}

/** One change a rule made: what it took out and what, if anything, it put in its place. */
export interface SqueezeEdit {
  rule: string;
  removed: string;
  replacement: string;
}

export interface SqueezeResult {
  text: string;
  /** Every piece of text a rule removed or replaced, in the order removed (whitespace is not listed). */
  removed: string[];
  edits: SqueezeEdit[];
}

// Rules can enable each other (a hedge removed makes two sentences equal); a few passes reach the fixed point.
const MAX_PASSES = 6;

function onePass(text: string, level: SqueezeLevel, keep: readonly string[]): { text: string; edits: SqueezeEdit[] } {
  const masked = mask(text, keep);
  const collapsed = collapseWhitespace(masked.text);
  const edits: Edits = [];
  let out = collapsed;
  if (level >= 1) {
    const doc = parseDocument(collapsed);
    dropPleasantries(doc, edits);
    if (level >= 2) dropRestatements(doc, edits);
    if (level >= 2) dropTransitions(doc, edits);
    if (level >= 3) dropListBoilerplate(doc, edits);
    if (level >= 2) dropHedges(doc, edits);
    if (level >= 3) shortenPhrases(doc, edits);
    dropDuplicates(doc, edits, masked.spans);
    out = renderDocument(doc);
  }
  return {
    text: unmask(out, masked.spans),
    edits: edits.map((e) => ({ rule: e.rule, removed: unmask(e.removed, masked.spans), replacement: unmask(e.replacement, masked.spans) })),
  };
}

/**
 * Rule-based squeeze: deterministic, meaning-keeping, English rules only, with
 * protected spans (numbers, names, code, quotes, links, negations) kept exactly.
 * Idempotent: squeezing the result again at the same level changes nothing.
 */
export function squeeze(text: string, options: SqueezeOptions): SqueezeResult {
  const keep = options.keep ?? [];
  const edits: SqueezeEdit[] = [];
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = onePass(current, options.level, keep);
    edits.push(...next.edits);
    const settled = next.text === current;
    current = next.text;
    if (settled) break;
  }
  // A message that is nothing but courtesy ("Thanks!") still says something: never squeeze one to nothing.
  if (current.length === 0 && text.trim().length > 0 && options.level > 0) return squeeze(text, { ...options, level: 0 });
  return { text: current, removed: edits.map((e) => e.removed), edits };
}
