import { segmentText } from '../text/segment.js';

/**
 * Cuts what a sender wrote into the messages a `split N sentences` channel carries:
 * consecutive runs of at most `sentences` segments (the coordinator's own segmenter), in
 * order. Each piece is the sender's text from its first sentence to its last, so the
 * spacing and line breaks inside a piece are the sender's. Pure: a resumed run cuts a
 * turn the same way. Without a split, or when the text has no more sentences than a
 * piece may carry, the turn is one message, unchanged.
 */
export function splitMessage(text: string, sentences: number | undefined): string[] {
  if (sentences === undefined) return [text];
  if (!Number.isInteger(sentences) || sentences < 1) throw new Error(`split: sentences per message must be a whole number of at least 1, not ${sentences}`);
  const segments = segmentText(text);
  if (segments.length <= sentences) return [text];
  // Segments are trimmed substrings of the text, in order: find each after the previous one.
  let cursor = 0;
  const spans = segments.map((segment) => {
    const start = text.indexOf(segment, cursor);
    cursor = start + segment.length;
    return { start, end: cursor };
  });
  const pieces: string[] = [];
  for (let i = 0; i < spans.length; i += sentences) {
    const group = spans.slice(i, i + sentences);
    pieces.push(text.slice(group[0]!.start, group[group.length - 1]!.end));
  }
  return pieces;
}
