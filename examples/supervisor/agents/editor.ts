/** Review: every result must be short enough for a status page line (at most 200 characters each). */
export default function editor({ inbox }: { inbox: Array<{ from: string; text: string }> }) {
  const long = inbox.filter((m) => m.text.length > 200).map((m) => m.from);
  return { readable: long.length === 0, message: long.length === 0 ? 'editor: every result fits a line' : `editor: too long: ${long.join(', ')}` };
}
