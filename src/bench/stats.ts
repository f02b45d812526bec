/** The 95% Wilson score interval of a success rate: honest at 0%, 100% and small n. */
export function wilson(successes: number, n: number, z = 1.959964): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0% and 100% the bound is exact; floating point would leave it a hair off.
  return { low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === n ? 1 : Math.min(1, centre + half) };
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The median of b[i] / a[i] over pairs of runs taken one after the other: how B compares with A
 * where each pair met the same moment's load on a shared machine.
 */
export function pairedMedianRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) throw new Error(`paired ratios need as many runs of each, at least one (${a.length} and ${b.length})`);
  return median(b.map((value, i) => value / a[i]!));
}

/** The nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/**
 * Rounds to 12 decimals: a mean of fractions that cancel (recall differences) can come out as 5e-18
 * instead of 0, and an interval's sign is read as a verdict.
 */
const roundNoise = (x: number) => Math.round(x * 1e12) / 1e12;

/**
 * A 95% percentile-bootstrap interval of the mean (resampling cases with a seeded generator, so
 * a report repeats exactly). For a paired comparison pass the per-case differences.
 */
export function bootstrapMean(values: readonly number[], resamples = 4000, seed = 1): { mean: number; low: number; high: number } {
  const m = roundNoise(mean(values));
  if (values.length < 2) return { mean: m, low: m, high: m };
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: small, seeded, and good enough to pick indices.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[Math.floor(next() * values.length)]!;
    means.push(roundNoise(sum / values.length));
  }
  means.sort((a, b) => a - b);
  return { mean: m, low: means[Math.floor(0.025 * resamples)]!, high: means[Math.ceil(0.975 * resamples) - 1]! };
}
