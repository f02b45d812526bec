/**
 * Reads the latest part of the conversation: publishes once the critic approved a draft the
 * writer wrote after the critic's last objection, else sends the writer back. `read` lists
 * who said each message it read, in order, so the run shows what the editor saw.
 */
export default function editor({ inbox }: { inbox: Array<{ from: string; text: string }> }) {
  const read = inbox.map((message) => message.from);
  const last = inbox.filter((message) => message.from === 'critic').at(-1);
  const next = last?.text.startsWith('APPROVE') ? 'publish' : 'writer';
  return { next, read, message: next === 'publish' ? 'Publishing.' : 'Writer, please revise.' };
}
