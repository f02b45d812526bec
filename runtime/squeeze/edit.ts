import type { Sentence } from './document.js';
import { PLACEHOLDER_SOURCE } from './protect.js';

/** One thing a rule took out or shortened, in masked form until the squeeze restores it. */
export interface Edit {
  rule: string;
  removed: string;
  replacement: string;
}

export type Edits = Edit[];

export function dropSentence(sentence: Sentence, rule: string, edits: Edits): void {
  sentence.dropped = true;
  edits.push({ rule, removed: sentence.body, replacement: '' });
}

const HAS_PLACEHOLDER = new RegExp(PLACEHOLDER_SOURCE);

export function hasProtected(text: string): boolean {
  return HAS_PLACEHOLDER.test(text);
}

/**
 * Puts a sentence back in shape after a phrase came out of it: no doubled or
 * stranded punctuation, and a capital where the sentence had one.
 */
export function tidy(body: string, before: string): string {
  let out = body
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+([,.;:!?])/g, '$1')
    .replace(/([,;:])[ \t]*(?=[,.;:!?])/g, '')
    .replace(/^[\s,;:]+/, '')
    .trim();
  const startedUpper = /^[^\p{L}]*\p{Lu}/u.test(before);
  // A letter behind a backtick or a quote mark is code or a quotation, even where protection missed it: never recase it.
  if (startedUpper) out = out.replace(/^([^\p{L}\uE000-\uF8FF`'"«»„“”‘’「」]*)([a-z])/u, (_, lead: string, ch: string) => lead + ch.toUpperCase());
  return out;
}

/** True when nothing but sentence punctuation is left; symbols such as "→" or a lone fence still say something. */
export function isEmptySentence(body: string): boolean {
  return /^[\s.,;:!?…—–-]*$/.test(body);
}

/**
 * Applies a phrase-level replacement to a sentence, recording it; returns whether
 * anything changed. `replace` gets the body and returns the new body and what it
 * took out.
 */
export function editSentence(
  sentence: Sentence,
  rule: string,
  edits: Edits,
  replace: (body: string) => { body: string; removed: string[]; replacements?: string[] } | undefined,
): boolean {
  const result = replace(sentence.body);
  if (!result || result.body === sentence.body) return false;
  const tidied = tidy(result.body, sentence.body);
  result.removed.forEach((removed, i) => edits.push({ rule, removed, replacement: result.replacements?.[i] ?? '' }));
  if (isEmptySentence(tidied)) {
    sentence.dropped = true;
    return true;
  }
  sentence.body = tidied;
  return true;
}
