/** Writes the next draft, taking the critic's latest remark from the conversation into account. */
export default function writer({ inbox }: { inbox: Array<{ from: string; text: string }> }) {
  const draft = inbox.filter((message) => message.from === 'writer').length + 1;
  const remark = inbox.filter((message) => message.from === 'critic').at(-1)?.text;
  const text = remark?.includes('shorter') ? 'coord runs agent teams on a budget.' : 'coord is a language and runtime that runs teams of cooperating agents within a token budget.';
  return { draft, message: `Draft ${draft}: ${text}` };
}
