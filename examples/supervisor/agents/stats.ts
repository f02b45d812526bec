import { loadSeries, mad, mean, median, round } from './data.js';

/** Count, mean, median and spread; flags the series as suspicious when mean and median disagree by more than 3 MADs. */
export default async function stats({ input }: { input: unknown }) {
  const { name, values } = await loadSeries(input);
  const m = mean(values);
  const med = median(values);
  const spread = mad(values);
  const suspicious = Math.abs(m - med) > 3 * spread;
  return {
    count: values.length,
    mean: round(m),
    median: med,
    suspicious,
    message: `stats of ${name}: count=${values.length} mean=${round(m)} median=${med} mad=${spread} suspicious=${suspicious}`,
  };
}
