/** The final report: every worker's result, then the reviewers' verdicts. */
export default function writer({ inbox }: { inbox: Array<{ from: string; text: string }> }) {
  const lines = inbox.map((m) => m.text);
  const approved = inbox.some((m) => m.from === 'checker' && /matches/.test(m.text)) && inbox.some((m) => m.from === 'editor' && /fits/.test(m.text));
  return { approved, report: lines.join('\n'), message: lines.join('\n') };
}
