/**
 * Combines the summaries the map sent, in the order they arrive (coord delivers a map's
 * messages in item order), into one digest: a numbered line per chunk and the keywords
 * that recur across chunks.
 */
export default function reducer({ inbox }: { inbox: Array<{ from: string; text: string }> }) {
  const lines = inbox.filter((message) => message.from === 'summarizer').map((message) => message.text);
  const order = lines.map((line) => Number(line.match(/^\[(\d+)\]/)?.[1] ?? -1));
  const keywordCounts = new Map<string, number>();
  for (const line of lines) {
    const keywords = line.match(/\(([^)]*)\)$/)?.[1]?.split(', ') ?? [];
    for (const word of keywords) keywordCounts.set(word, (keywordCounts.get(word) ?? 0) + 1);
  }
  const recurring = [...keywordCounts].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([word]) => word);
  const digest = lines.map((line) => line.replace(/ \([^)]*\)$/, '')).join('\n');
  return { chunks: lines.length, order, recurring, digest, message: digest };
}
