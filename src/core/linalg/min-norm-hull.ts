// The minimum-norm point of the convex hull of p_1..p_n, i.e. the hard-margin SVM (no bias) of the points
// p_i = y_i φ(x_i): γ = max_{‖u‖≤1} min_i ⟨u, p_i⟩ = min_{λ∈Δ} ‖Σ_i λ_i p_i‖ when 0 is not in the hull.
// Wolfe's algorithm (1976) on the Gram matrix G = P Pᵀ, so the feature dimension only enters once.
// Certificate: z = Σ λ_i p_i gives γ ≤ ‖z‖, and u = z/‖z‖ gives γ ≥ min_i ⟨p_i, z⟩/‖z‖; the solver stops
// when the two bounds are within tol.
import { corralAffineMinimiser, corralAppend, corralRemove, createCorral } from './corral-cholesky';
import { gemmNT } from './gemm';

export interface HullOptions {
  /** Stop when upper − lower ≤ tol (same units as ‖p‖); default 1e−10 · max_i ‖p_i‖. */
  tol?: number;
  /** Major iterations (each adds one point to the corral). */
  maxIterations?: number;
}

export interface HullResult {
  /** Convex weights of the min-norm point z = Σ λ_i p_i. */
  lambda: Float64Array;
  /** ‖z‖: the distance from 0 to the hull, an upper bound on the margin γ. */
  upper: number;
  /** min_i ⟨p_i, z⟩/‖z‖: the margin of the direction z/‖z‖, a lower bound on γ (≤ 0 when not separable). */
  lower: number;
  /** upper − lower. */
  gap: number;
  iterations: number;
  converged: boolean;
}

/** G = P Pᵀ for n points of dimension D (P row-major n x D). */
export function gramOf(P: Float64Array, n: number, D: number): Float64Array {
  return gemmNT(n, n, D, P, P, new Float64Array(n * n));
}

/** The min-norm point of the hull of n points given by their Gram matrix (n x n, symmetric PSD). */
export function minNormHullGram(G: Float64Array, n: number, options: HullOptions = {}): HullResult {
  if (G.length !== n * n || n < 1) throw new RangeError(`minNormHullGram: Gram of length ${G.length} for n = ${n}`);
  let maxDiag = 0;
  let i0 = 0;
  for (let i = 0; i < n; i++) {
    const gii = G[i * n + i];
    if (gii > maxDiag) maxDiag = gii;
    if (gii < G[i0 * n + i0]) i0 = i;
  }
  const scale = Math.sqrt(maxDiag);
  const tol = options.tol ?? 1e-10 * scale;
  // ‖z‖² below n·ε·max‖p‖² is rounding: 0 lies in the hull.
  const zeroNorm2 = n * Number.EPSILON * maxDiag;
  const maxIterations = options.maxIterations ?? 10 * n + 100;

  const lambda = new Float64Array(n);
  // H = G + c·11ᵀ, c = max G_ii: positive definite on affinely independent corrals, same affine minimiser.
  const c = maxDiag > 0 ? maxDiag : 1;
  const corral = createCorral(n);
  const S = corral.S;
  corralAppend(corral, i0, [], G[i0 * n + i0] + c);
  lambda[i0] = 1;
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  let upper = 0;
  let lower = 0;
  let converged = false;
  let it = 0;
  for (; it < maxIterations; it++) {
    // g_i = ⟨p_i, z⟩ over the corral's weights only.
    g.fill(0);
    for (const s of S) {
      const l = lambda[s];
      for (let i = 0; i < n; i++) g[i] += l * G[s * n + i];
    }
    let zz = 0;
    for (const s of S) zz += lambda[s] * g[s];
    let j = 0;
    for (let i = 1; i < n; i++) if (g[i] < g[j]) j = i;
    if (zz <= zeroNorm2) {
      upper = 0;
      lower = 0;
      converged = true;
      break;
    }
    upper = Math.sqrt(zz);
    lower = g[j] / upper;
    // Each g_i carries a rounding error of about n·ε·max‖p‖²: a tighter gap is not measurable.
    const floor = (4 * n * Number.EPSILON * maxDiag) / upper;
    if (upper - lower <= Math.max(tol, floor)) {
      converged = true;
      break;
    }
    // j already in the corral, or affinely dependent on it: no descent left at this precision.
    if (S.includes(j)) break;
    S.forEach((s, k) => (h[k] = G[s * n + j] + c));
    if (!corralAppend(corral, j, h, G[j * n + j] + c)) break;
    lambda[j] = 0;
    // Minor cycle: move towards the affine minimiser of the corral until it lies inside the simplex.
    for (;;) {
      const mu = corralAffineMinimiser(corral);
      if (mu.every((v) => v > 0)) {
        S.forEach((s, k) => (lambda[s] = mu[k]));
        break;
      }
      let theta = 1;
      let drop = -1;
      S.forEach((s, k) => {
        if (mu[k] <= 0) {
          const t = lambda[s] / (lambda[s] - mu[k]);
          if (t < theta) {
            theta = t;
            drop = k;
          }
        }
      });
      S.forEach((s, k) => (lambda[s] = (1 - theta) * lambda[s] + theta * mu[k]));
      if (drop >= 0) lambda[S[drop]] = 0;
      // Drop every emptied point, last first so the positions stay valid.
      for (let k = S.length - 1; k >= 0; k--) {
        if (!(lambda[S[k]] > 0)) {
          lambda[S[k]] = 0;
          corralRemove(corral, k);
        }
      }
      if (S.length === 0) throw new Error('minNormHullGram: empty corral (Gram matrix not PSD?)');
    }
  }
  return { lambda, upper, lower, gap: upper - lower, iterations: it, converged };
}

/** The min-norm point of the hull of the rows of P (n x D). */
export function minNormHull(P: Float64Array, n: number, D: number, options: HullOptions = {}): HullResult {
  return minNormHullGram(gramOf(P, n, D), n, options);
}
