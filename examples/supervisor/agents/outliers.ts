import { loadSeries, mad, median } from './data.js';

/** Samples more than 5 MADs from the median, with their positions. */
export default async function outliers({ input }: { input: unknown }) {
  const { values } = await loadSeries(input);
  const med = median(values);
  const spread = Math.max(mad(values), 1);
  const found = values.flatMap((value, at) => (Math.abs(value - med) > 5 * spread ? [`#${at}=${value}`] : []));
  return { found, message: `outliers: ${found.length === 0 ? 'none' : found.join(' ')}` };
}
