/**
 * L2-regularised logistic regression by Newton's method (IRLS) on standardised features: the
 * fit behind the learned readout stop (training/fit-stop.ts). A handful of features and a few
 * thousand rows need nothing more, and keeping it in TypeScript keeps one home for the features.
 */
export interface LogisticFit {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/** Solves A x = b for a small dense symmetric positive-definite A (Gaussian elimination with pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!;
    for (let k = r + 1; k < n; k++) sum -= m[r]![k]! * x[k]!;
    x[r] = sum / m[r]![r]!;
  }
  return x;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Fits P(label) = σ(bias + Σ wⱼ (xⱼ − meanⱼ)/scaleⱼ); `l2` penalises the weights, not the bias. */
export function fitLogistic(rows: readonly number[][], labels: readonly boolean[], l2 = 1e-2, iterations = 25): LogisticFit {
  if (rows.length === 0 || rows.length !== labels.length) throw new Error(`fitLogistic: ${rows.length} rows and ${labels.length} labels`);
  const d = rows[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const scale = Array.from({ length: d }, (_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / rows.length) || 1);
  // Design rows with a leading 1 for the bias.
  const x = rows.map((r) => [1, ...r.map((v, j) => (v - mean[j]!) / scale[j]!)]);
  let beta = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iterations; it++) {
    const gradient = beta.map((b, j) => (j === 0 ? 0 : l2 * rows.length * b));
    const hessian = beta.map((_, i) => beta.map((_, j) => (i === j && i > 0 ? l2 * rows.length : 0)));
    x.forEach((xi, n) => {
      const p = sigmoid(xi.reduce((s, v, j) => s + v * beta[j]!, 0));
      const w = Math.max(p * (1 - p), 1e-9);
      const residual = p - (labels[n] ? 1 : 0);
      for (let i = 0; i <= d; i++) {
        gradient[i]! += residual * xi[i]!;
        for (let j = 0; j <= d; j++) hessian[i]![j]! += w * xi[i]! * xi[j]!;
      }
    });
    const step = solve(hessian, gradient);
    beta = beta.map((b, j) => b - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { mean, scale, weights: beta.slice(1), bias: beta[0]! };
}

/** The fitted model's probability for one row. */
export function predictLogistic(fit: LogisticFit, row: readonly number[]): number {
  return sigmoid(row.reduce((s, v, j) => s + fit.weights[j]! * ((v - fit.mean[j]!) / fit.scale[j]!), fit.bias));
}
