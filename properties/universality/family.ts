// What the universality claims share: the paper, the mixture setting read from the rung, the problem (θ and the
// mixture), the labels, the least-squares or ridge fit and the instance. Each claim is in its own file beside this one.
//
// Pesce, Krzakala, Loureiro, Stephan 2023: are Gaussian mixtures universal for least squares?
// Data (CLAIMS.md, section U): a two-cluster mixture x ~ ½N(μu, I) + ½N(−μu, σ₋²I) (u a unit direction),
// labels y = x·θ/√d + √Δ ξ with ‖θ‖ = √d; least squares (minimum norm when n < d) or ridge with the
// penalty normalised by n, i.e. argmin (1/n)‖Xw − y‖² + λ‖w‖².
//
// Each instance is an integer seed; the check draws the mixture, the noise and θ from stream(seed).
import fc from 'fast-check';
import { symmetricMixture, type TwoClusterMixture } from '../../src/core/data/mixture';
import { orthonormalDirections } from '../../src/core/data/targets';
import type { Domain, Params } from '../../src/contract/claim';
import { InputError } from '../../src/contract/errors';
import { leastSquares, ridge } from '../../src/core/linalg/least-squares';
import type { Stream } from '../../src/core/rng';
import { choice, countOf, FLAG, intParam, reals, SEED } from '../shared/params';

export const PAPER = 'Pesce, Krzakala, Loureiro, Stephan 2023';
export const TITLE = 'Are Gaussian data all you need? The extents and limits of universality in high-dimensional generalized linear estimation';

/** The mixture and the fit of both claims, all but d (CLAIMS U: α up to 4, Δ = 0.25, λ ≤ 1, μ = 1, σ₋ ≤ 3). */
export const MIXTURE_DOMAIN: Domain = {
  alpha: reals(1 / 20, 16, 'n/d ≤ 16: the fit costs ∝ n·d², 16 s a trial of 50 datasets at d = 200, n/d = 16'),
  Delta: reals(0, 10, 'the label noise variance Δ'),
  lambda: reals(0, 100, 'the ridge penalty, normalised by n (0: least squares)'),
  mu: reals(0, 10, 'the distance ±μ of the cluster means'),
  sigmaMinus: reals(1 / 100, 100, 'σ₋ > 0: the second cluster\'s scale'),
  aligned: FLAG,
};

function nonNegativeParam(p: Params, name: string, fallback: number): number {
  const v = p[name] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InputError(`params.${name}`, v, 'a finite number ≥ 0');
  return v;
}

/** The mixture of a rung: means ±μ·u, covariances I and σ₋²I, proportions π₊ and 1 − π₊. */
export interface Setting {
  d: number;
  n: number;
  Delta: number;
  lambda: number;
  mu: number;
  sigmaMinus: number;
  pPlus: number;
  /** 1: θ ∥ u (the mean difference); 0: θ ⟂ u. */
  aligned: number;
}

export function setting(params: Params): Setting {
  // d ≥ 2 leaves room for a θ orthogonal to the means.
  const d = intParam(params, 'd', 2);
  const pPlus = params.pPlus ?? 0.5;
  if (!(pPlus > 0 && pPlus < 1)) throw new InputError('params.pPlus', pPlus, 'a number in (0, 1)');
  const sigmaMinus = params.sigmaMinus ?? 1;
  if (!(sigmaMinus > 0 && Number.isFinite(sigmaMinus))) throw new InputError('params.sigmaMinus', sigmaMinus, 'a finite number > 0');
  return {
    d,
    n: countOf(params, 'n', 'alpha', d),
    Delta: nonNegativeParam(params, 'Delta', 0.25),
    lambda: nonNegativeParam(params, 'lambda', 0),
    mu: nonNegativeParam(params, 'mu', 1),
    sigmaMinus,
    pPlus,
    aligned: choice(params, 'aligned', [0, 1]),
  };
}

interface Problem {
  mix: TwoClusterMixture;
  /** θ with ‖θ‖ = √d. */
  theta: Float64Array;
}

export function drawProblem(s: Stream, st: Setting): Problem {
  const { d } = st;
  // u (the mean direction) and a unit t ⟂ u; θ = √d u (aligned) or √d t.
  const dirs = orthonormalDirections(s, 2, d);
  const u = dirs.subarray(0, d);
  const dir = st.aligned ? u : dirs.subarray(d, 2 * d);
  const theta = new Float64Array(d);
  for (let k = 0; k < d; k++) theta[k] = Math.sqrt(d) * dir[k];
  return { mix: symmetricMixture(u, st.mu, st.sigmaMinus, st.pPlus), theta };
}

/** y = Xθ/√d + √Δ ξ. */
export function labels(X: Float64Array, n: number, d: number, theta: Float64Array, Delta: number, xi: Float64Array): Float64Array {
  const y = new Float64Array(n);
  const c = 1 / Math.sqrt(d);
  const noise = Math.sqrt(Delta);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let k = 0; k < d; k++) z += X[i * d + k] * theta[k];
    y[i] = c * z + noise * xi[i];
  }
  return y;
}

/** Least squares (λ = 0, with the condition estimate of X) or ridge (λ > 0, whose condition is not needed). */
export function fit(X: Float64Array, n: number, d: number, y: Float64Array, lambda: number): { w: Float64Array; cond: number } {
  if (lambda > 0) return { w: ridge(X, n, d, y, lambda), cond: Infinity };
  const { w, cond } = leastSquares(X, n, d, y);
  return { w, cond };
}

export interface UniversalityInstance extends Setting {
  /** Datasets per trial (U1). */
  datasets: number;
  seed: number;
}

export function universalityInstance(params: Params, datasets: number): fc.Arbitrary<UniversalityInstance> {
  const st = setting(params);
  return fc.record({ seed: SEED }).map(({ seed }) => ({ ...st, datasets, seed }));
}
