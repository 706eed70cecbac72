// Closed forms of the quadratic network f_W(x) = ‖Wx‖² = xᵀAx with A = WᵀW (Gamarnik, Kızıldağ, Zadik),
// W m x d row-major, symmetric d x d matrices row-major. With Δ = A − A* and x ~ N(0, I_d):
//   population risk L(W) = E(xᵀΔx)² = 2‖Δ‖_F² + (tr Δ)²,   barrier B(W*) = 2 λ_min(A*)².
import { dense, gemmNT, gemmTN, nullSpace, rankTolerance, singularValues, solve, symEig, svd } from '../linalg';
import type { Stream } from '../rng';

/** A = WᵀW (d x d) for W m x d. */
export function gram(W: Float64Array, m: number, d: number): Float64Array {
  return gemmTN(d, d, m, W, W, new Float64Array(d * d));
}

/** f_W(x_i) = ‖W x_i‖² for the n rows of X (n x d). */
export function quadraticOutputs(W: Float64Array, m: number, d: number, X: Float64Array, n: number): Float64Array {
  const Z = gemmNT(n, m, d, X, W, new Float64Array(n * m));
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += Z[i * m + j] * Z[i * m + j];
    f[i] = s;
  }
  return f;
}

/** The paper's empirical risk L_N(W) = (1/N) Σ_i (y_i − f_W(x_i))² (no ½: twice the trainer's square loss). */
export function empiricalRisk(W: Float64Array, m: number, d: number, X: Float64Array, y: Float64Array, n: number): number {
  const f = quadraticOutputs(W, m, d, X, n);
  let s = 0;
  for (let i = 0; i < n; i++) s += (y[i] - f[i]) ** 2;
  return s / n;
}

/** mean y_i²: L_N of the zero network, the scale the empirical risk is measured against. */
export function meanSquare(y: Float64Array): number {
  let s = 0;
  for (const v of y) s += v * v;
  return s / y.length;
}

function traceOf(A: Float64Array, d: number): number {
  let t = 0;
  for (let i = 0; i < d; i++) t += A[i * d + i];
  return t;
}

/** L = 2‖Δ‖_F² + (tr Δ)²: E(xᵀΔx)² for x ~ N(0, I_d) and symmetric Δ (Isserlis). */
export function riskOfDelta(Delta: Float64Array, d: number): number {
  let f2 = 0;
  for (const v of Delta) f2 += v * v;
  const t = traceOf(Delta, d);
  return 2 * f2 + t * t;
}

/** Population risk L(W) = 2‖A − A*‖_F² + (tr(A − A*))², from the two Gram matrices. */
export function populationRisk(A: Float64Array, Astar: Float64Array, d: number): number {
  const Delta = new Float64Array(d * d);
  for (let k = 0; k < d * d; k++) Delta[k] = A[k] - Astar[k];
  return riskOfDelta(Delta, d);
}

/** Eigenvalues of a symmetric d x d matrix, ascending. */
export function eigenvalues(A: Float64Array, d: number): Float64Array {
  return symEig(dense(d, d, A)).values;
}

/** Energy barrier B(W*) = 2 λ_min(A*)² = 2 σ_min(W*)⁴: every W of rank < d has L(W) ≥ B. */
export function barrier(Astar: Float64Array, d: number): number {
  const lmin = Math.max(0, eigenvalues(Astar, d)[0]);
  return 2 * lmin * lmin;
}

/** N* = d(d+1)/2: the dimension of symmetric d x d matrices, the number of features of φ. */
export function featureDim(d: number): number {
  return (d * (d + 1)) / 2;
}

/**
 * φ(x) = (x_j x_k)_{j ≤ k} with off-diagonal entries × √2, ordered row by row over the upper triangle, so
 * that ⟨φ(x), vec(A)⟩ = xᵀAx and vec is an isometry (‖vec A‖₂ = ‖A‖_F) with the matching vecSym.
 */
export function phi(x: ArrayLike<number>, d: number, out = new Float64Array(featureDim(d)), offset = 0): Float64Array {
  let p = offset;
  for (let j = 0; j < d; j++) {
    out[p++] = x[j] * x[j];
    for (let k = j + 1; k < d; k++) out[p++] = Math.SQRT2 * x[j] * x[k];
  }
  return out;
}

/** Φ (n x N*): row i is φ(x_i). */
export function featureMatrix(X: Float64Array, n: number, d: number): Float64Array {
  const p = featureDim(d);
  const out = new Float64Array(n * p);
  for (let i = 0; i < n; i++) phi(X.subarray(i * d, (i + 1) * d), d, out, i * p);
  return out;
}

/** vec(A) for symmetric A: (A_jj, √2 A_jk for k > j), in φ's order. */
export function vecSym(A: Float64Array, d: number): Float64Array {
  const out = new Float64Array(featureDim(d));
  let p = 0;
  for (let j = 0; j < d; j++) {
    out[p++] = A[j * d + j];
    for (let k = j + 1; k < d; k++) out[p++] = Math.SQRT2 * 0.5 * (A[j * d + k] + A[k * d + j]);
  }
  return out;
}

/** The symmetric d x d matrix whose vecSym is v. */
export function unvecSym(v: ArrayLike<number>, d: number): Float64Array {
  const A = new Float64Array(d * d);
  let p = 0;
  for (let j = 0; j < d; j++) {
    A[j * d + j] = v[p++];
    for (let k = j + 1; k < d; k++) {
      const a = v[p++] / Math.SQRT2;
      A[j * d + k] = a;
      A[k * d + j] = a;
    }
  }
  return A;
}

/** The best rank-r approximation of W (m x d) in every unitarily invariant norm (Eckart–Young): Σ_{i<r} s_i u_i v_iᵀ. */
export function bestRankApprox(W: Float64Array, m: number, d: number, r: number): Float64Array {
  const { U, s, V } = svd(dense(m, d, W));
  const out = new Float64Array(m * d);
  for (let l = 0; l < Math.min(r, s.length); l++) {
    for (let i = 0; i < m; i++) {
      const us = U.data[i * U.cols + l] * s[l];
      if (us === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] += us * V.data[j * V.cols + l];
    }
  }
  return out;
}

/** The symmetric square root of a positive semidefinite A (d x d): W = V diag(√λ) Vᵀ, so WᵀW = A. */
export function psdSqrt(A: Float64Array, d: number): Float64Array {
  const { values, vectors } = symEig(dense(d, d, A));
  const V = vectors.data;
  const out = new Float64Array(d * d);
  for (let l = 0; l < d; l++) {
    const r = Math.sqrt(Math.max(0, values[l]));
    for (let i = 0; i < d; i++) {
      const vi = V[i * d + l] * r;
      for (let j = 0; j < d; j++) out[i * d + j] += vi * V[j * d + l];
    }
  }
  return out;
}

/**
 * The c ≥ 0 minimising L along the ray {c·A0}: L(c) = 2‖cA0 − A*‖_F² + (c tr A0 − tr A*)² is a quadratic in
 * c with minimiser (2⟨A0, A*⟩ + tr A0 tr A*) / (2‖A0‖_F² + (tr A0)²) (0 when A0 = 0).
 */
export function bestMultiple(A0: Float64Array, Astar: Float64Array, d: number): number {
  let inner = 0;
  let norm2 = 0;
  for (let k = 0; k < d * d; k++) {
    inner += A0[k] * Astar[k];
    norm2 += A0[k] * A0[k];
  }
  const t0 = traceOf(A0, d);
  const denom = 2 * norm2 + t0 * t0;
  return denom > 0 ? Math.max(0, (2 * inner + t0 * traceOf(Astar, d)) / denom) : 0;
}

/** Operator norm of a symmetric d x d matrix: the largest |eigenvalue|. */
export function symOpNorm(A: Float64Array, d: number): number {
  const v = eigenvalues(A, d);
  return Math.max(Math.abs(v[0]), Math.abs(v[d - 1]));
}

/** Singular values of Φ (n x N*), descending, and the numerical-rank tolerance σ_max · max(n, N*) · ε. */
export function featureSpectrum(Phi: Float64Array, n: number, d: number): { s: Float64Array; tolerance: number; rank: number } {
  const p = featureDim(d);
  const s = singularValues(dense(n, p, Phi));
  const tolerance = rankTolerance(s, n, p);
  let rank = 0;
  for (const v of s) if (v > tolerance) rank++;
  return { s, tolerance, rank };
}

export interface Indistinguishable {
  /** W' (d x d), the symmetric square root of A' = A* + Δ. */
  W: Float64Array;
  /** Δ (d x d), symmetric, Φ vec(Δ) = 0 to the rank tolerance, ‖Δ‖_op = λ_min(A*)/2. */
  Delta: Float64Array;
  /** ‖A' ‖_op, for rounding bounds on f_W'. */
  normA: number;
}

/**
 * A student the samples cannot tell from the teacher when rank(Φ) < N*: Δ = unvec(K g) for an orthonormal
 * null-space basis K of Φ and a Gaussian g, scaled to ‖Δ‖_op = λ_min(A*)/2 so A' = A* + Δ ⪰ λ_min(A*)/2 · I
 * stays positive definite; then f_W'(x_i) = y_i on every sample while Δ ≠ 0. Undefined when Φ has full
 * column rank.
 */
export function indistinguishableStudent(
  Phi: Float64Array, n: number, d: number, Astar: Float64Array, lambdaMin: number, s: Stream,
): Indistinguishable | undefined {
  const K = nullSpace(dense(n, featureDim(d), Phi));
  if (K.cols === 0) return undefined;
  const g = s.normals(K.cols);
  const v = new Float64Array(K.rows);
  for (let i = 0; i < K.rows; i++) for (let l = 0; l < K.cols; l++) v[i] += K.data[i * K.cols + l] * g[l];
  const Delta = unvecSym(v, d);
  const scale = lambdaMin / 2 / symOpNorm(Delta, d);
  const Aprime = new Float64Array(d * d);
  for (let k = 0; k < d * d; k++) {
    Delta[k] *= scale;
    Aprime[k] = Astar[k] + Delta[k];
  }
  return { W: psdSqrt(Aprime, d), Delta, normA: symOpNorm(Aprime, d) };
}

/**
 * The best student on the sample among those blind to a unit direction v: A = Q C Qᵀ with Q (d x (d−1)) an
 * orthonormal basis of v⊥ and C the least-squares fit of y_i ≈ (Qᵀx_i)ᵀ C (Qᵀx_i) (minimum norm when
 * underdetermined), clipped to C ⪰ 0 so it is a network; W = C^{1/2} Qᵀ ((d−1) x d, rank < d). With v the
 * teacher's weakest eigenvector it is the rank-deficient student closest to the barrier on the sample.
 * `basis` holds the d−1 columns of Q in its columns `from`..`from + d − 2` (row-major d x cols).
 */
export function fitBlindStudent(X: Float64Array, y: Float64Array, n: number, d: number, basis: Float64Array, cols: number, from: number): Float64Array {
  const k = d - 1;
  const Z = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < k; l++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j] * basis[j * cols + from + l];
      Z[i * k + l] = s;
    }
  }
  const C = unvecSym(solve(dense(n, featureDim(k), featureMatrix(Z, n, k)), y), k);
  const R = psdSqrt(C, k);
  const W = new Float64Array(k * d);
  for (let a = 0; a < k; a++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += R[a * k + l] * basis[j * cols + from + l];
      W[a * d + j] = s;
    }
  }
  return W;
}

/**
 * diag(s_1..s_r) V_rᵀ (r x d): the r-row factor with the Gram matrix of W's best rank-r approximation. With
 * only r rows its rank cannot exceed r even under rounding, unlike an m x d matrix of rank r, whose
 * null directions rounding can seed and GD can then grow.
 */
export function rankFactor(W: Float64Array, m: number, d: number, r: number): Float64Array {
  const { s, V } = svd(dense(m, d, W));
  const out = new Float64Array(r * d);
  for (let l = 0; l < Math.min(r, s.length); l++) for (let j = 0; j < d; j++) out[l * d + j] = s[l] * V.data[j * V.cols + l];
  return out;
}
