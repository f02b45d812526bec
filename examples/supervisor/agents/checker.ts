import { loadSeries, mean, round } from './data.js';

/** Review: recomputes the mean from the data and checks it against the one the stats worker sent. */
export default async function checker({ input, inbox }: { input: unknown; inbox: Array<{ from: string; text: string }> }) {
  const { values } = await loadSeries(input);
  const reported = Number(inbox.find((m) => m.from === 'stats')?.text.match(/mean=([\d.]+)/)?.[1]);
  const consistent = reported === round(mean(values));
  return { consistent, message: `checker: reported mean ${reported} ${consistent ? 'matches' : 'does not match'} the data` };
}
