/**
 * Splits a message into segments (sentences), the unit the coordinator stores,
 * scores and reads out. One implementation, used by the runtime and by
 * coordbench's episode writer, so training data and runs agree on boundaries.
 */
const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

export function segmentText(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of sentences.segment(text)) {
    for (const line of segment.split(/\n+/)) {
      const trimmed = line.trim();
      if (trimmed.length > 0) out.push(trimmed);
    }
  }
  return out;
}
