// Features of the ReLU layer and the margins built on them.
// NTK features (Ji & Telgarsky; Telgarsky 2023): φ(x) = (1/√K) [1[v_k·x ≥ 0] x]_{k ≤ K}, v_k ~ N(0, I_d), the
// gradient features of f = (1/√m) Σ a_j relu(w_j·x) at initialisation with K sampled neurons (the signs a_j are
// absorbed by the direction u). γ_ntk is the hard-margin SVM margin of {y_i φ(x_i)}, i.e. the distance from 0
// to their convex hull; ⟨φ(x), φ(x')⟩ = ⟨x, x'⟩ · (1/K) Σ_k 1[v_k·x ≥ 0] 1[v_k·x' ≥ 0], so only the n x n
// Gram is formed.
// Norm-only features: with w_j = r_j u_j, f(x) = ⟨r, φ₊(x)⟩, φ₊_j(x) = s(m) a_j relu(u_j·x).
import { gemmNT } from '../linalg/gemm';
import { minNormHullGram, type HullResult } from '../linalg/min-norm-hull';
import type { Stream } from '../rng';

/** y_i y_j ⟨φ(x_i), φ(x_j)⟩ for the NTK features of the K rows of V (K x d). */
export function ntkGram(X: Float64Array, y: Float64Array, n: number, d: number, V: Float64Array, K: number): Float64Array {
  const Z = gemmNT(n, K, d, X, V, new Float64Array(n * K));
  for (let k = 0; k < n * K; k++) Z[k] = Z[k] >= 0 ? 1 : 0;
  const B = gemmNT(n, n, K, Z, Z, new Float64Array(n * n));
  const XX = gemmNT(n, n, d, X, X, new Float64Array(n * n));
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G[i * n + j] = (y[i] * y[j] * XX[i * n + j] * B[i * n + j]) / K;
  return G;
}

/** γ_ntk of one draw of K features, with its min-norm certificate. */
export function ntkMarginOnce(X: Float64Array, y: Float64Array, n: number, d: number, K: number, s: Stream): HullResult {
  return minNormHullGram(ntkGram(X, y, n, d, s.normals(K * d), K), n);
}

export interface NtkMarginEstimate {
  K: number;
  /** Margins of the independent feature draws. */
  draws: number[];
  mean: number;
  /** Sample standard deviation over the draws (0 for one draw). */
  sd: number;
  /** Largest certificate gap (upper − lower) over the draws. */
  gap: number;
  converged: boolean;
}

/** γ_ntk estimated from `resamples` independent draws of K features: mean and spread. */
export function ntkMargin(X: Float64Array, y: Float64Array, n: number, d: number, K: number, resamples: number, s: Stream): NtkMarginEstimate {
  const draws: number[] = [];
  let gap = 0;
  let converged = true;
  for (let r = 0; r < resamples; r++) {
    const h = ntkMarginOnce(X, y, n, d, K, s.child(`features-${r}`));
    // The distance to the hull is the margin when the points are separable; 0 otherwise.
    draws.push(h.lower > 0 ? h.upper : 0);
    gap = Math.max(gap, h.gap);
    converged &&= h.converged;
  }
  const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
  const sd = draws.length > 1 ? Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1)) : 0;
  return { K, draws, mean, sd, gap, converged };
}

/** Rows y_i φ₊(x_i) (n x m) of the norm-only network: s · a_j relu(u_j·x_i) y_i, U the unit directions (m x d). */
export function normOnlyFeatures(X: Float64Array, y: Float64Array, n: number, d: number, U: Float64Array, a: Float64Array, m: number, s: number): Float64Array {
  const P = gemmNT(n, m, d, X, U, new Float64Array(n * m));
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    const v = P[i * m + j];
    P[i * m + j] = v > 0 ? y[i] * s * a[j] * v : 0;
  }
  return P;
}
