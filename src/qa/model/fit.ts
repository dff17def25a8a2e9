import { Matrix, solve } from 'ml-matrix';
import type { Feature } from './features.js';
import { logit, type Linear, sigmoid } from './model.js';

// Logistic regression with an L2 penalty, fitted by Newton's method (iteratively reweighted least squares): exact,
// deterministic and fast for a few thousand rows and a few dozen features. Hand-written in these few lines because
// the npm logistic regressions fit by plain gradient steps without an intercept or a penalty; ml-matrix does the algebra.

export interface Example {
  x: number[];
  y: 0 | 1;
  /** Rows of one group (one question's sentences) share this key: folds never split it. */
  group: string;
  /** Weight of the row in the fit (default 1). */
  w?: number;
}

/**
 * `signs[j]` (1 or -1) bounds feature j's weight to that sign (0 or absent: free): evidence that the documents answer
 * must never count against an answer, however the fitted questions happen to be spread. Weights that leave their
 * sign are held at 0, the most offending first, and the rest refitted (an active-set method).
 */
export function fitLogistic(features: Feature[], rows: Example[], lambda = 1, iterations = 25, signs: number[] = []): Linear {
  const mean = features.map((_, j) => rows.reduce((s, r) => s + r.x[j], 0) / (rows.length || 1));
  const std = features.map((_, j) => Math.sqrt(rows.reduce((s, r) => s + (r.x[j] - mean[j]) ** 2, 0) / (rows.length || 1)) || 1);
  const z = rows.map((r) => [1, ...r.x.map((v, j) => (v - mean[j]) / std[j])]);
  const held = new Set<number>();
  let beta = newton(z, rows, lambda, iterations, held);
  for (;;) {
    const off = features
      .map((_, j) => ({ j, v: (signs[j] ?? 0) * beta[j + 1] }))
      .filter(({ j, v }) => v < 0 && !held.has(j + 1))
      .sort((a, b) => a.v - b.v)[0];
    if (!off) break;
    held.add(off.j + 1);
    beta = newton(z, rows, lambda, iterations, held);
  }
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    bias: round(beta[0]),
    features: features.map((f, j) => ({ ...f, mean: round(mean[j]), std: round(std[j]), weight: round(beta[j + 1]) })),
  };
}

/** Newton's method on standardised rows `z` (intercept first); the coefficients in `held` stay 0. */
function newton(z: number[][], rows: Example[], lambda: number, iterations: number, held: Set<number>): number[] {
  const d = z[0]?.length ?? 1;
  let beta = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const H = Matrix.zeros(d, d);
    const g = new Array<number>(d).fill(0);
    rows.forEach((r, i) => {
      const p = sigmoid(z[i].reduce((s, v, j) => s + v * beta[j], 0));
      const w = r.w ?? 1;
      const q = w * Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a < d; a++) {
        g[a] += w * (r.y - p) * z[i][a];
        for (let b = 0; b < d; b++) H.set(a, b, H.get(a, b) + q * z[i][a] * z[i][b]);
      }
    });
    // The penalty keeps weights small (no penalty on the intercept); a held weight gets no step.
    for (let a = 1; a < d; a++) {
      g[a] -= lambda * beta[a];
      H.set(a, a, H.get(a, a) + lambda);
    }
    for (const a of held) {
      g[a] = 0;
      for (let b = 0; b < d; b++) {
        H.set(a, b, a === b ? 1 : 0);
        H.set(b, a, a === b ? 1 : 0);
      }
    }
    const step = solve(H, Matrix.columnVector(g)).to1DArray();
    beta = beta.map((b, j) => b + step[j]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return beta;
}

export function probability(m: Linear, x: number[]): number {
  return sigmoid(logit(m, x));
}

/** Deterministic folds by group key: the same key always lands in the same fold. */
export function foldOf(key: string, k: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % k;
}
