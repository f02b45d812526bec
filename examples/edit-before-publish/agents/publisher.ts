/**
 * Publishes the writer's draft with the person's edit applied: "replace A with B" replaces
 * text; any other answer is added as an editor's note. Both arrive in its inbox, by sender.
 */
export default function publisher({ inbox }: { inbox: Array<{ from: string; text: string }> }) {
  const draft = inbox.find((message) => message.from === 'writer')?.text ?? '';
  const edit = inbox.find((message) => message.from === 'edit')?.text.trim() ?? '';
  const replace = /^replace (.+?) with (.+)$/i.exec(edit);
  const published = replace ? draft.split(replace[1]!).join(replace[2]!) : edit ? `${draft} (Editor's note: ${edit})` : draft;
  return { published, edit, message: published };
}
