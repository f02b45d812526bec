/**
 * Splits a message into segments (sentences), the unit the coordinator stores,
 * scores and reads out. One implementation, used by the runtime and by
 * coordbench's episode writer, so training data and runs agree on boundaries.
 */
let sentences: Intl.Segmenter | undefined;

/**
 * English sentence boundaries, as ICU finds them (squeeze's documents use it too). Made on first
 * use: the first segmenter loads ICU's sentence rules, about 11 ms, which a run whose channels
 * never split, squeeze or store a message should not pay at its start.
 */
export function sentenceSegmenter(): Intl.Segmenter {
  return (sentences ??= new Intl.Segmenter('en', { granularity: 'sentence' }));
}

export function segmentText(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of sentenceSegmenter().segment(text)) {
    for (const line of segment.split(/\n+/)) {
      const trimmed = line.trim();
      if (trimmed.length > 0) out.push(trimmed);
    }
  }
  return out;
}
