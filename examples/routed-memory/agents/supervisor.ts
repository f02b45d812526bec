/**
 * Routes from memory, not from its inbox: who it has asked is in its own earlier turns, and
 * what the workers said is in the messages it received. Its last turn lists every reply it
 * remembers, which the researcher's would be missing from without `memory`.
 */
interface Remembered {
  said: boolean;
  from: string;
  text: string;
}

export default function supervisor({ inbox, memory }: { inbox: Array<{ from: string; text: string }>; memory: Remembered[] }) {
  const asked = new Set(memory.filter((entry) => entry.said).map((entry) => /^ask (\w+):/.exec(entry.text)?.[1]));
  const heard = [...memory.filter((entry) => !entry.said), ...inbox].map((message) => `${message.from}: ${message.text}`);
  if (!asked.has('researcher')) return { next: 'researcher', message: 'ask researcher: which sorting algorithm suits nearly sorted data?', heard };
  if (!asked.has('coder')) return { next: 'coder', message: 'ask coder: write insertion sort in one line', heard };
  return { next: 'finish', message: `done: ${heard.length} replies`, heard };
}
