// Exhaustive search over small supports for a sparse spike in Y (d x n): the support S of size s whose rows
// carry the largest top eigenvalue of Y_S Y_Sᵀ (the scan statistic of sparse PCA). It costs C(d, s) small
// eigenproblems, so it is statistically strong and computationally exponential in s: the other side of
// the statistical-to-computational gap. supportEigenvector gives the estimate of v0 on the support found.
import { gemmNT } from '../linalg/gemm';
import { topLeftSingularVector } from './pca';

export interface SupportSearch {
  /** The best support, ascending indices. */
  support: number[];
  /** λ_max(Y_S Y_Sᵀ) on it. */
  score: number;
  /** Number of supports searched: C(d, s). */
  searched: number;
}

export function exhaustiveSupport(Y: Float64Array, d: number, n: number, s: number): SupportSearch {
  if (Y.length !== d * n) throw new RangeError(`exhaustiveSupport: Y must have d·n = ${d * n} entries, got ${Y.length}`);
  if (!(Number.isInteger(s) && s >= 1 && s <= d)) throw new RangeError(`exhaustiveSupport: s must be an integer in [1, d = ${d}], got ${s}`);
  const G = gemmNT(d, d, n, Y, Y, new Float64Array(d * d));
  const S = new Float64Array(s * s);
  const work = new Float64Array(s * s);
  const index = Array.from({ length: s }, (_, i) => i);
  let best = -Infinity;
  let bestSupport = index.slice();
  let searched = 0;
  for (;;) {
    for (let a = 0; a < s; a++) for (let b = 0; b < s; b++) S[a * s + b] = G[index[a] * d + index[b]];
    const score = lambdaMax(S, s, work);
    searched++;
    if (score > best) {
      best = score;
      bestSupport = index.slice();
    }
    // Next s-subset of {0..d−1} in lexicographic order.
    let k = s - 1;
    while (k >= 0 && index[k] === d - s + k) k--;
    if (k < 0) break;
    index[k]++;
    for (let j = k + 1; j < s; j++) index[j] = index[j - 1] + 1;
  }
  return { support: bestSupport, score: best, searched };
}

/** The top eigenvector of Y_S Y_Sᵀ on the support S, embedded in R^d (zero off S). */
export function supportEigenvector(Y: Float64Array, d: number, n: number, S: readonly number[]): Float64Array {
  const s = S.length;
  const YS = new Float64Array(s * n);
  S.forEach((row, k) => YS.set(Y.subarray(row * n, (row + 1) * n), k * n));
  const v = topLeftSingularVector(YS, s, n);
  const out = new Float64Array(d);
  S.forEach((row, k) => {
    out[row] = v[k];
  });
  return out;
}

/** Sweeps of the cyclic Jacobi method: quadratic convergence makes a handful enough for s ≤ 6. */
const MAX_SWEEPS = 30;

/**
 * The largest eigenvalue of a small symmetric s x s matrix: closed forms for s ≤ 2, cyclic Jacobi rotations
 * (on a copy in `work`) above, until the off-diagonal mass is below ε times the Frobenius norm.
 */
export function lambdaMax(S: Float64Array, s: number, work = new Float64Array(s * s)): number {
  if (s === 1) return S[0];
  if (s === 2) {
    const mid = 0.5 * (S[0] + S[3]);
    const half = 0.5 * (S[0] - S[3]);
    return mid + Math.hypot(half, S[1]);
  }
  const A = work;
  A.set(S.subarray(0, s * s));
  let frob = 0;
  for (let k = 0; k < s * s; k++) frob += A[k] * A[k];
  const tol = Number.EPSILON * Number.EPSILON * frob;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < s; p++) for (let q = p + 1; q < s; q++) off += A[p * s + q] ** 2;
    if (off <= tol) break;
    for (let p = 0; p < s; p++) {
      for (let q = p + 1; q < s; q++) {
        const apq = A[p * s + q];
        if (apq === 0) continue;
        // The rotation that zeroes A_pq (Golub & Van Loan, Algorithm 8.5.1).
        const tau = (A[q * s + q] - A[p * s + p]) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = t * c;
        for (let k = 0; k < s; k++) {
          const akp = A[k * s + p];
          const akq = A[k * s + q];
          A[k * s + p] = c * akp - sn * akq;
          A[k * s + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < s; k++) {
          const apk = A[p * s + k];
          const aqk = A[q * s + k];
          A[p * s + k] = c * apk - sn * aqk;
          A[q * s + k] = sn * apk + c * aqk;
        }
      }
    }
  }
  let max = -Infinity;
  for (let k = 0; k < s; k++) max = Math.max(max, A[k * s + k]);
  return max;
}
