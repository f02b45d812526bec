/**
 * Ranking quality of scores against labels, threshold-free. AUC: the chance that a random
 * positive scores above a random negative (ties count half); undefined without both.
 * R-precision: of the top R by score (R = number of positives), the share that are positive.
 */
export function auc(scores: readonly number[], positive: readonly boolean[]): number | undefined {
  const pos = scores.filter((_, i) => positive[i]);
  const neg = scores.filter((_, i) => !positive[i]);
  if (pos.length === 0 || neg.length === 0) return undefined;
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

/** Ties at the cut are shared out in proportion, so a constant score gets the base rate, not a lucky order. */
export function rPrecision(scores: readonly number[], positive: readonly boolean[]): number | undefined {
  const r = positive.filter(Boolean).length;
  if (r === 0) return undefined;
  const order = scores.map((s, i) => ({ s, p: positive[i]! })).sort((a, b) => b.s - a.s);
  const cut = order[r - 1]!.s;
  const above = order.filter((o) => o.s > cut);
  const tied = order.filter((o) => o.s === cut);
  const hits = above.filter((o) => o.p).length + ((r - above.length) * tied.filter((o) => o.p).length) / tied.length;
  return hits / r;
}
