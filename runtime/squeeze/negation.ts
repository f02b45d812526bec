/**
 * Negations decide polarity, so no rule may remove one or the word next to one.
 * A filler word right after a negation often carries meaning ("not just the API",
 * "not really"), so fillers that follow a negation stay too.
 */
const NEGATION_WORD = /^(?:not|no|never|none|nobody|nothing|nowhere|neither|nor|cannot|without|hardly|barely)$/i;
const NEGATION_ANYWHERE = /\b(?:not|no|never|none|nobody|nothing|nowhere|neither|nor|cannot|without|hardly|barely)\b|n['’]t\b/gi;

export function isNegation(word: string): boolean {
  return NEGATION_WORD.test(word) || /n['’]t$/i.test(word);
}

const NEGATION_PRESENT = new RegExp(NEGATION_ANYWHERE.source, 'i');

export function hasNegation(text: string): boolean {
  return NEGATION_PRESENT.test(text);
}

/** Negations by family: "n't", "not" and "cannot" are one family, since rewrites swap them freely. */
export function negationProfile(text: string): Map<string, number> {
  const profile = new Map<string, number>();
  for (const m of text.matchAll(NEGATION_ANYWHERE)) {
    const word = m[0].toLowerCase();
    const family = /^(?:not|cannot)$|n['’]t$/.test(word) ? 'not' : word;
    profile.set(family, (profile.get(family) ?? 0) + 1);
  }
  return profile;
}

/** A key equal for two texts exactly when they hold the same negations, family by family. */
export function polarityKey(text: string): string {
  return [...negationProfile(text)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([family, n]) => `${family}:${n}`)
    .join(' ');
}

/** The word just before `index` in `text`, or '' at the start. */
export function wordBefore(text: string, index: number): string {
  const m = /([\p{L}'’]+)[^\p{L}\p{N}]*$/u.exec(text.slice(0, index));
  return m?.[1] ?? '';
}
