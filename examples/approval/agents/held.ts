/** Where a timed-out approval goes: nothing is written, and the report says so. */
export default function held({ inbox }: { inbox: Array<{ from: string; text: string }> }) {
  const draft = inbox.filter((m) => m.from === 'drafter').at(-1)?.text ?? '';
  const title = draft.match(/^# (.+)$/m)?.[1] ?? 'the draft';
  return { written: false, message: `no decision in time: ${title} was not published` };
}
