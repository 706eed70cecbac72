// The sign-constrained margin γ₊ = max_{r ≥ 0, ‖r‖ ≤ 1} min_i ⟨r, p_i⟩ of points p_1..p_n ∈ R^m (rows of P).
// By minimax it equals min_{λ∈Δ} ‖(Pᵀλ)₊‖ (positive part), a convex problem over the simplex: pairwise
// Frank–Wolfe (away mass moved to the Frank–Wolfe vertex) with exact line search.
// Certificate: for z = Pᵀλ, γ₊ ≤ ‖z₊‖ (any feasible r has ⟨r, z⟩ ≤ ‖z₊‖), and r = z₊/‖z₊‖ is feasible
// with margin min_i ⟨p_i, z₊⟩/‖z₊‖ ≤ γ₊; their difference is the Frank–Wolfe duality gap over ‖z₊‖.
// Corrective steps (Wolfe's min-norm point on the current positive support) end the slow tail of the
// pairwise steps once the support is identified.
import { minNormHullGram } from './min-norm-hull';

export interface PositiveMarginOptions {
  /** Stop when upper − lower ≤ tol; default 1e−6 · max_i ‖p_i‖. */
  tol?: number;
  /** Also stop when upper − lower ≤ relTol · upper (a relative certificate). */
  relTol?: number;
  maxIterations?: number;
}

export interface PositiveMarginResult {
  lambda: Float64Array;
  /** r = z₊/‖z₊‖: the feasible direction certifying `lower`. */
  r: Float64Array;
  /** ‖z₊‖ ≥ γ₊. */
  upper: number;
  /** min_i ⟨p_i, r⟩ ≤ γ₊. */
  lower: number;
  gap: number;
  iterations: number;
  converged: boolean;
}

/** ⟨(z + tδ)₊, δ⟩: the derivative of ½‖(z + tδ)₊‖² in t, nondecreasing. */
function slope(z: Float64Array, delta: Float64Array, t: number, m: number): number {
  let s = 0;
  for (let j = 0; j < m; j++) {
    const v = z[j] + t * delta[j];
    if (v > 0) s += v * delta[j];
  }
  return s;
}

/**
 * The root in (0, tMax) of the piecewise-linear, nondecreasing slope (negative at 0, positive at tMax):
 * Newton on the current linear piece, safeguarded by the bracket; exact once the piece holds the root.
 */
function lineSearch(z: Float64Array, delta: Float64Array, tMax: number, m: number): number {
  let lo = 0;
  let hi = tMax;
  let t = 0;
  for (let k = 0; k < 200; k++) {
    let d1 = 0;
    let d2 = 0;
    for (let j = 0; j < m; j++) {
      const v = z[j] + t * delta[j];
      if (v > 0) {
        d1 += v * delta[j];
        d2 += delta[j] * delta[j];
      }
    }
    if (d1 === 0) return t;
    if (d1 < 0) lo = t;
    else hi = t;
    if (hi - lo <= Number.EPSILON * tMax) break;
    let next = d2 > 0 ? t - d1 / d2 : Number.NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next === t) break;
    t = next;
  }
  return 0.5 * (lo + hi);
}

function positivePartNorm2(z: Float64Array, m: number): number {
  let q = 0;
  for (let j = 0; j < m; j++) if (z[j] > 0) q += z[j] * z[j];
  return q;
}

/** Wolfe's min-norm point of the rows of P restricted to the coordinates where z > 0, and its full z = Pᵀλ. */
function restrictedMinimiser(P: Float64Array, n: number, m: number, z: Float64Array): { lambda: Float64Array; z: Float64Array } | undefined {
  const S: number[] = [];
  for (let j = 0; j < m; j++) if (z[j] > 0) S.push(j);
  if (S.length === 0) return undefined;
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k <= i; k++) {
    let v = 0;
    for (const j of S) v += P[i * m + j] * P[k * m + j];
    G[i * n + k] = v;
    G[k * n + i] = v;
  }
  const { lambda } = minNormHullGram(G, n);
  const full = new Float64Array(m);
  for (let i = 0; i < n; i++) if (lambda[i] > 0) for (let j = 0; j < m; j++) full[j] += lambda[i] * P[i * m + j];
  return { lambda, z: full };
}

/** γ₊ of the rows of P (n x m row-major) with its certificate. */
export function positiveMargin(P: Float64Array, n: number, m: number, options: PositiveMarginOptions = {}): PositiveMarginResult {
  if (P.length !== n * m || n < 1) throw new RangeError(`positiveMargin: P of length ${P.length} for n x m = ${n} x ${m}`);
  let maxNorm2 = 0;
  let i0 = 0;
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    let q = 0;
    let qp = 0;
    for (let j = 0; j < m; j++) {
      const v = P[i * m + j];
      q += v * v;
      if (v > 0) qp += v * v;
    }
    if (q > maxNorm2) maxNorm2 = q;
    if (qp < best) {
      best = qp;
      i0 = i;
    }
  }
  const tol = options.tol ?? 1e-6 * Math.sqrt(maxNorm2);
  const zeroNorm2 = 4 * m * Number.EPSILON * maxNorm2;
  const maxIterations = options.maxIterations ?? 200_000;
  const lambda = new Float64Array(n);
  lambda[i0] = 1;
  const z = P.slice(i0 * m, (i0 + 1) * m);
  const zp = new Float64Array(m);
  const g = new Float64Array(n);
  const delta = new Float64Array(m);
  let upper = 0;
  let lower = 0;
  let converged = false;
  let nextPolish = 25;
  let it = 0;
  for (; it < maxIterations; it++) {
    // Recompute z from λ now and then so the running updates do not drift.
    if (it > 0 && it % 500 === 0) {
      z.fill(0);
      for (let i = 0; i < n; i++) if (lambda[i] > 0) for (let j = 0; j < m; j++) z[j] += lambda[i] * P[i * m + j];
    }
    let q = 0;
    for (let j = 0; j < m; j++) {
      const v = z[j] > 0 ? z[j] : 0;
      zp[j] = v;
      q += v * v;
    }
    // ‖z₊‖² at the rounding level of the g_i = ⟨p_i, z₊⟩ (m terms of size ‖p‖²) is 0: some mixture has no
    // positive part, so no r ≥ 0 separates and γ₊ ≤ 0.
    if (q <= zeroNorm2) {
      upper = 0;
      lower = 0;
      converged = true;
      break;
    }
    let s = 0;
    let v = -1;
    for (let i = 0; i < n; i++) {
      let gi = 0;
      for (let j = 0; j < m; j++) gi += P[i * m + j] * zp[j];
      g[i] = gi;
      if (gi < g[s]) s = i;
      if (lambda[i] > 0 && (v < 0 || gi > g[v])) v = i;
    }
    upper = Math.sqrt(q);
    lower = g[s] / upper;
    const floor = (4 * m * Number.EPSILON * maxNorm2) / upper;
    if (upper - lower <= Math.max(tol, floor, (options.relTol ?? 0) * upper)) {
      converged = true;
      break;
    }
    if (s === v) break;
    // Corrective step at iterations 25, 50, 100, ...: once the sign pattern of z is right, the min-norm point of
    // the points restricted to {j : z_j > 0} is the exact optimum (its certificate closes the gap).
    if (it === nextPolish) {
      nextPolish *= 2;
      const polished = restrictedMinimiser(P, n, m, z);
      if (polished && positivePartNorm2(polished.z, m) < q) {
        lambda.set(polished.lambda);
        z.set(polished.z);
        continue;
      }
    }
    // Pairwise step: move up to λ_v from p_v to p_s, exact line search on the convex ½‖(z + tδ)₊‖².
    for (let j = 0; j < m; j++) delta[j] = P[s * m + j] - P[v * m + j];
    const tMax = lambda[v];
    const t = slope(z, delta, tMax, m) <= 0 ? tMax : lineSearch(z, delta, tMax, m);
    if (t === 0) break;
    lambda[s] += t;
    lambda[v] = t === tMax ? 0 : lambda[v] - t;
    for (let j = 0; j < m; j++) z[j] += t * delta[j];
  }
  const r = new Float64Array(m);
  if (upper > 0) for (let j = 0; j < m; j++) r[j] = zp[j] / upper;
  return { lambda, r, upper, lower, gap: upper - lower, iterations: it, converged };
}
