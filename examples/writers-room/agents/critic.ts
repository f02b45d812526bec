/** Approves a draft of at most eight words; otherwise asks for a shorter one. */
export default function critic({ inbox }: { inbox: Array<{ from: string; text: string }> }) {
  const draft = inbox.filter((message) => message.from === 'writer').at(-1)?.text ?? '';
  const words = draft.replace(/^Draft \d+: /, '').split(/\s+/).filter(Boolean).length;
  const approved = words <= 8;
  return { approved, message: approved ? `APPROVE: ${words} words.` : `Make it shorter: ${words} words is too long.` };
}
