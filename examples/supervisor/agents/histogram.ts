import { loadSeries, mad, median } from './data.js';

/** A text histogram of the typical range (median ± 4 MADs, in 5 buckets), outliers counted apart. */
export default async function histogram({ input }: { input: unknown }) {
  const { values } = await loadSeries(input);
  const med = median(values);
  const spread = Math.max(mad(values), 1);
  const low = med - 4 * spread;
  const width = (8 * spread) / 5;
  const buckets = [0, 0, 0, 0, 0];
  let outside = 0;
  for (const value of values) {
    const at = Math.floor((value - low) / width);
    if (at >= 0 && at < 5) buckets[at]!++;
    else outside++;
  }
  const bars = buckets.map((n, i) => `${Math.round(low + i * width)}-${Math.round(low + (i + 1) * width)}: ${'#'.repeat(n)}`);
  return { bars, outside, message: `histogram: ${bars.join(' | ')} | outside: ${outside}` };
}
