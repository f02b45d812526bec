/**
 * Words for the coordinator's features and the lexical and word-vector baselines: lower case,
 * letters and digits (with inner apostrophes kept, as GloVe keeps "don't"; a typographic ’ read
 * as '), the possessive "'s" dropped as English analyzers drop it (so "Wystan's trainer" meets
 * "Wystan"), English stopwords out. A common configuration a user would give a search library;
 * nothing here is tuned on coordbench.
 */
const STOPWORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by can could ' +
    'did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in ' +
    'into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same ' +
    'she should so some such than that the their theirs them themselves then there these they this those through to too under until up ' +
    'very was we were what when where which while who whom why will with would you your yours yourself yourselves'
  ).split(' '),
);

export function terms(text: string): string[] {
  const words = text.normalize('NFKC').toLowerCase().replace(/\u2019/g, "'").match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
  return words.map(withoutPossessive).filter((w) => !STOPWORDS.has(w));
}

/** "wystan's" → "wystan": a possessive names what it possesses. */
export function withoutPossessive(word: string): string {
  return word.endsWith("'s") ? word.slice(0, -2) : word;
}
