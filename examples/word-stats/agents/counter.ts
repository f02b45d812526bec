/** Words worth counting: lower-cased runs of letters, apostrophes inside words kept. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+(?:'[a-z]+)*/g) ?? [];
}

/**
 * Counts one chunk: words, sentences, and its most frequent words, sent to the reducer as
 * a compact line (`words=… sentences=… longest=… top=word:n,…`) that fits the channel.
 */
export default function counter({ item }: { item?: { index: number; value: unknown } }) {
  const text = String(item?.value ?? '');
  const list = words(text);
  const counts = new Map<string, number>();
  for (const word of list) counts.set(word, (counts.get(word) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 25);
  const sentences = text.split(/[.!?]+(?:\s|$)/).filter((s) => s.trim().length > 0).length;
  const longest = list.reduce((best, word) => (word.length > best.length ? word : best), '');
  return {
    words: list.length,
    sentences,
    message: `chunk=${item?.index ?? 0} words=${list.length} sentences=${sentences} longest=${longest} top=${top.map(([w, n]) => `${w}:${n}`).join(',')}`,
  };
}
