interface ChunkStats {
  words: number;
  sentences: number;
  longest: string;
  top: Array<[string, number]>;
}

/** Reads one counter's line back into numbers. */
function parse(line: string): ChunkStats {
  const field = (name: string) => line.match(new RegExp(`${name}=(\\S*)`))?.[1] ?? '';
  const top = field('top')
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const [word, n] = pair.split(':');
      return [word!, Number(n)] as [string, number];
    });
  return { words: Number(field('words')), sentences: Number(field('sentences')), longest: field('longest'), top };
}

/**
 * Merges every counter's line into statistics for the whole text: totals are exact; the
 * top words are merged from each chunk's top 25, so a word that is frequent overall but
 * never in a chunk's top 25 can be missed.
 */
export default function reducer({ inbox }: { inbox: Array<{ from: string; text: string }> }) {
  const stats = inbox.filter((message) => message.from === 'counter').map((message) => parse(message.text));
  const totals = new Map<string, number>();
  for (const chunk of stats) for (const [word, n] of chunk.top) totals.set(word, (totals.get(word) ?? 0) + n);
  const top = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
  const words = stats.reduce((sum, chunk) => sum + chunk.words, 0);
  const sentences = stats.reduce((sum, chunk) => sum + chunk.sentences, 0);
  const longest = stats.map((chunk) => chunk.longest).reduce((best, word) => (word.length > best.length ? word : best), '');
  return {
    chunks: stats.length,
    words,
    sentences,
    wordsPerSentence: sentences === 0 ? 0 : Math.round((words / sentences) * 10) / 10,
    longest,
    top: top.map(([word, n]) => `${word} ${n}`),
    message: `${stats.length} chunks, ${words} words, ${sentences} sentences; most frequent: ${top.slice(0, 5).map(([w, n]) => `${w} (${n})`).join(', ')}`,
  };
}
