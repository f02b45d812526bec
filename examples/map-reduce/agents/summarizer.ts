import { contentWords, sentences } from './sentences.js';

/**
 * Summarises one chunk extractively: the sentence whose content words are most
 * frequent within the chunk (ties go to the earlier sentence), and the chunk's three
 * most frequent content words as its keywords.
 */
export default function summarizer({ item }: { item?: { index: number; value: unknown } }) {
  const text = String(item?.value ?? '');
  const counts = new Map<string, number>();
  for (const word of contentWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const scored = sentences(text).map((sentence) => {
    const words = contentWords(sentence);
    const score = words.reduce((sum, word) => sum + (counts.get(word) ?? 0), 0) / Math.max(1, words.length);
    return { sentence, score };
  });
  const best = scored.reduce((a, b) => (b.score > a.score ? b : a), scored[0] ?? { sentence: '', score: 0 });
  const keywords = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([word]) => word);
  const index = item?.index ?? 0;
  return { index, summary: best.sentence, keywords, message: `[${index}] ${best.sentence} (${keywords.join(', ')})` };
}
