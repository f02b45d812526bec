/** Plans from what reached it: the coordinator's readout of the notes, within 40 tokens. */
export default function planner({ inbox }: { inbox: { text: string }[] }): { message: string } {
  const read = inbox.map((message) => message.text).join(' ');
  return { message: `Plan from ${read.split(/(?<=\.)\s+/).filter(Boolean).length} notes read: ${read}` };
}
